/**
 * The server under test as a child process: `node dist/cli/main.js serve`
 * (the production entry point, so graceful shutdown and signals are the real
 * ones) on 127.0.0.1 and a free port, with fresh secrets, its log written to a
 * temporary file. Build first (`npm run build`). The cleanup kills it if the
 * script ends without stopping it.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { CLI_NODE_FLAGS } from '../../cli/node-flags'
import { onCleanup } from './cleanup'

export interface ServerProcess {
  readonly url: string
  readonly port: number
  readonly pid: number
  readonly secrets: { readonly jwtSecret: string; readonly pseudonymKey: string }
  /** Resolves when the process ends, with how it ended. */
  readonly exited: Promise<Exit>
  /** Sends a signal and waits for the exit (SIGKILL after `killAfterMs`). */
  stop(signal?: NodeJS.Signals, killAfterMs?: number): Promise<Exit>
  /** The process's resident set size now, MB (from /proc). */
  rssMb(): number
  /** The server's log so far, one parsed JSON object a line. */
  logRecords(): readonly Record<string, unknown>[]
}

export interface Exit {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
}

export interface ServerProcessOptions {
  readonly databaseUrl: string
  /** Extra environment (LOG_LEVEL, …). */
  readonly env?: Readonly<Record<string, string>>
  /** How long to wait for /health (default 60 s: the service warms its caches and migrates first). */
  readonly startTimeoutMs?: number
  /** Node options for the server (e.g. `--cpu-prof`). */
  readonly nodeArgs?: readonly string[]
}

/** The project root: the nearest folder above this file with a package.json (works from dist/ and from source). */
export const projectRoot = (): string => {
  let dir = __dirname
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir)
    if (up === dir) throw new Error('no package.json above the script')
    dir = up
  }
  return dir
}

export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      probe.close(() => resolve(port))
    })
  })

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

const exitOf = (child: ChildProcess): Promise<Exit> =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode })
    else child.once('exit', (code, signal) => resolve({ code, signal }))
  })

const rssOf = (pid: number): number => {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1]
    return kb === undefined ? 0 : Number(kb) / 1024
  } catch {
    return 0
  }
}

const parseLines = (text: string): Record<string, unknown>[] =>
  text.split('\n').flatMap((line) => {
    if (line.trim() === '') return []
    try {
      return [JSON.parse(line) as Record<string, unknown>]
    } catch {
      return []
    }
  })

export const startServerProcess = async (options: ServerProcessOptions): Promise<ServerProcess> => {
  const root = projectRoot()
  const main = join(root, 'dist', 'cli', 'main.js')
  if (!existsSync(main)) throw new Error('dist/cli/main.js is missing: run `npm run build` first')
  const port = await freePort()
  const secrets = { jwtSecret: randomBytes(32).toString('hex'), pseudonymKey: randomBytes(32).toString('hex') }
  const logDir = mkdtempSync(join(tmpdir(), 'ew-server-'))
  const logFile = join(logDir, 'server.log')
  const out = openSync(logFile, 'a')
  // The executable's own flags (its #! line), then the caller's.
  const child = spawn(process.execPath, [...CLI_NODE_FLAGS, ...(options.nodeArgs ?? []), main, 'serve'], {
    cwd: root,
    env: {
      PATH: process.env['PATH'] ?? '',
      DATABASE_URL: options.databaseUrl,
      EW_JWT_SECRET: secrets.jwtSecret,
      EW_PSEUDONYM_KEY: secrets.pseudonymKey,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'info',
      ...options.env,
    },
    stdio: ['ignore', out, out],
  })
  const exited = exitOf(child)
  const pid = child.pid ?? 0
  const kill = onCleanup(`stop the server (pid ${pid})`, async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL')
      await exited
    }
    rmSync(logDir, { recursive: true, force: true })
  })
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000)
  let up = false
  while (!up && Date.now() < deadline && child.exitCode === null) {
    up = await fetch(`${url}/health`).then((r) => r.ok, () => false)
    if (!up) await sleep(100)
  }
  if (!up) {
    const tail = readFileSync(logFile, 'utf8').split('\n').slice(-5).join('\n')
    await kill()
    throw new Error(`the server did not answer /health (exit ${String(child.exitCode)}); last log lines:\n${tail}`)
  }
  return {
    url,
    port,
    pid,
    secrets,
    exited,
    stop: async (signal = 'SIGTERM', killAfterMs = 30_000) => {
      child.kill(signal)
      const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs)
      const exit = await exited
      clearTimeout(timer)
      return exit
    },
    rssMb: () => rssOf(pid),
    logRecords: () => parseLines(readFileSync(logFile, 'utf8')),
  }
}
