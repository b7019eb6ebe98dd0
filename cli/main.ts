#!/usr/bin/env -S node --max-semi-space-size=64
/** The `early-warning` executable: wires the real process to the command runner. */
import { londonDate } from '../engine/time/london'
import { isDatabaseUnavailable } from '../storage/database/database-unavailable'
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

/** sysexits: EX_TEMPFAIL, try again later; EX_SOFTWARE, a bug. */
const EXIT_TRY_AGAIN = 75
const EXIT_INTERNAL = 70

main().catch((error: unknown) => {
  // Only the error's class or code: messages from lower layers may carry data about children.
  if (isDatabaseUnavailable(error)) {
    const code = (error as { code?: unknown }).code
    process.stderr.write(
      `early-warning: the database is not available${typeof code === 'string' ? ` (${code})` : ''}; nothing further was written; run the command again when it is\n`,
    )
    process.exitCode = EXIT_TRY_AGAIN
  } else {
    process.stderr.write(`early-warning: unexpected ${(error as Error)?.name ?? 'error'}; nothing further was written\n`)
    process.exitCode = EXIT_INTERNAL
  }
  if (process.env.EW_DEBUG === '1') process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`)
})
