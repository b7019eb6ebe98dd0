#!/usr/bin/env node
/** The `early-warning` executable: wires the real process to the command runner. */
import { londonDate } from '../engine/time/london'
import { runCli } from './run-cli'

const main = async (): Promise<void> => {
  const code = await runCli(process.argv.slice(2), {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    today: () => londonDate(Date.now()),
    now: () => new Date().toISOString(),
  })
  process.exitCode = code
}

main().catch((error: unknown) => {
  // Only the error's class: messages from lower layers may carry data about children.
  process.stderr.write(`early-warning: unexpected ${(error as Error)?.name ?? 'error'}; nothing further was written\n`)
  if (process.env.EW_DEBUG === '1') process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`)
  process.exitCode = 70
})
