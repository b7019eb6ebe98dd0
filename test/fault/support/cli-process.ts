/**
 * The `early-warning` command line as a separate process, from `dist/` (run
 * `npm run build` first), with a plain environment: only what the command
 * needs, so nothing from the calling shell changes what it does.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'

export const PROJECT_ROOT = join(__dirname, '..', '..', '..')
export const CLI_MAIN = join(PROJECT_ROOT, 'dist', 'cli', 'main.js')

export interface CliExit {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
  readonly ms: number
}

export interface RunningCli {
  readonly child: ChildProcess
  readonly exited: Promise<CliExit>
}

/** Stops the script early when dist/ is missing or older than a source file the script depends on. */
export const assertBuilt = (...sources: readonly string[]): void => {
  if (!existsSync(CLI_MAIN)) throw new Error('dist/cli/main.js is missing: run `npm run build` first')
  for (const source of sources) {
    const built = join(PROJECT_ROOT, 'dist', source.replace(/\.ts$/, '.js'))
    if (!existsSync(built) || statSync(built).mtimeMs < statSync(join(PROJECT_ROOT, source)).mtimeMs) {
      throw new Error(`dist/ is older than ${source}: run \`npm run build\` first`)
    }
  }
}

export const spawnCli = (args: readonly string[], env: Readonly<Record<string, string>>): RunningCli => {
  const started = performance.now()
  const child = spawn(process.execPath, [CLI_MAIN, ...args], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exited = new Promise<CliExit>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr, ms: performance.now() - started })),
  )
  return { child, exited }
}

export const runCli = (args: readonly string[], env: Readonly<Record<string, string>>): Promise<CliExit> =>
  spawnCli(args, env).exited

/** The last line a command wrote to stderr (its messages carry codes, never data). */
export const lastLine = (text: string): string => text.trim().split('\n').pop() ?? ''
