/**
 * A throwaway PostgreSQL 15 cluster for fault scripts that stop, crash or
 * reconfigure the server: the shared server at 5432 is never touched.
 * initdb and pg_ctl run as the `postgres` user (pg_ctl refuses root), the
 * data directory lives under /tmp, the server listens on 127.0.0.1 only with
 * trust authentication, on the first free port from 55433, with its socket in
 * its own directory. `destroy()` stops it and removes the directory; it also
 * runs on exit, Ctrl-C and SIGTERM, so a failed script leaves nothing behind.
 */
import { execFile, execFileSync } from 'node:child_process'
import { chownSync, mkdtempSync, rmSync, writeFileSync, appendFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { Client } from 'pg'

const run = promisify(execFile)

export const PG_BIN = '/usr/lib/postgresql/15/bin'
export const FIRST_PRIVATE_PORT = 55433

export interface PrivateCluster {
  readonly port: number
  readonly dataDir: string
  /** A connection string for a database of this cluster (superuser `postgres`, trust). */
  url(database?: string): string
  /** `pg_ctl stop -m immediate`: no shutdown checkpoint, like a crash; recovery runs at the next start. */
  stopImmediate(): Promise<void>
  /** Starts the server and waits until it accepts connections; resolves with the milliseconds that took. */
  start(): Promise<number>
  createDatabase(name: string): Promise<void>
  dropDatabase(name: string): Promise<void>
  /** Runs one statement as the superuser in `database` (default `postgres`). */
  query<R = Record<string, unknown>>(text: string, params?: unknown[], database?: string): Promise<R[]>
  destroy(): Promise<void>
}

export interface PrivateClusterOptions {
  /** Extra postgresql.conf lines, e.g. `{ fsync: 'off' }` for a bulk-load script that never crashes the server. */
  readonly settings?: Readonly<Record<string, string>>
  readonly firstPort?: number
}

const asPostgres = (command: string, args: readonly string[]) =>
  run('runuser', ['-u', 'postgres', '--', join(PG_BIN, command), ...args], { maxBuffer: 16 * 1024 * 1024 })

const portIsFree = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const server = createServer()
    server.once('error', () => resolve(false))
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)))
  })

const freePort = async (first: number): Promise<number> => {
  for (let port = first; port < first + 200; port++) if (await portIsFree(port)) return port
  throw new Error(`no free port from ${first}`)
}

const quoteIdent = (name: string): string => {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new RangeError('database names here are plain lower-case identifiers')
  return `"${name}"`
}

const postgresUid = (): { uid: number; gid: number } => ({
  uid: Number(execFileSync('id', ['-u', 'postgres']).toString()),
  gid: Number(execFileSync('id', ['-g', 'postgres']).toString()),
})

export const startPrivateCluster = async (options: PrivateClusterOptions = {}): Promise<PrivateCluster> => {
  const dataDir = mkdtempSync('/tmp/ew-fault-pg-')
  const { uid, gid } = postgresUid()
  chownSync(dataDir, uid, gid)
  const pgData = join(dataDir, 'data')
  const logFile = join(dataDir, 'server.log')
  writeFileSync(logFile, '')
  chownSync(logFile, uid, gid)
  let running = false
  let destroyed = false

  const stopSync = (): void => {
    if (destroyed) return
    destroyed = true
    try {
      if (running) execFileSync('runuser', ['-u', 'postgres', '--', join(PG_BIN, 'pg_ctl'), '-D', pgData, 'stop', '-m', 'immediate', '-w'], { stdio: 'ignore' })
    } catch {
      // Already down.
    }
    rmSync(dataDir, { recursive: true, force: true })
  }
  const onSignal = (signal: NodeJS.Signals): void => {
    stopSync()
    process.exit(signal === 'SIGINT' ? 130 : 143)
  }
  process.on('exit', stopSync)
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)

  await asPostgres('initdb', ['-D', pgData, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale', 'C'])
  const port = await freePort(options.firstPort ?? FIRST_PRIVATE_PORT)
  const settings: Record<string, string> = {
    listen_addresses: "'127.0.0.1'",
    port: String(port),
    unix_socket_directories: `'${dataDir}'`,
    max_connections: '60',
    shared_buffers: "'128MB'",
    log_error_verbosity: 'terse',
    ...options.settings,
  }
  appendFileSync(join(pgData, 'postgresql.conf'), Object.entries(settings).map(([k, v]) => `${k} = ${v}\n`).join(''))

  const pgCtl = (...args: string[]) => asPostgres('pg_ctl', ['-D', pgData, ...args])

  const withClient = async <A>(database: string, fn: (client: Client) => Promise<A>): Promise<A> => {
    const client = new Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/${database}` })
    await client.connect()
    try {
      return await fn(client)
    } finally {
      await client.end()
    }
  }

  const cluster: PrivateCluster = {
    port,
    dataDir,
    url: (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`,
    async stopImmediate() {
      await pgCtl('stop', '-m', 'immediate', '-w')
      running = false
    },
    async start() {
      const started = performance.now()
      await pgCtl('start', '-w', '-t', '120', '-l', logFile)
      running = true
      return performance.now() - started
    },
    createDatabase: (name) => withClient('postgres', (c) => c.query(`CREATE DATABASE ${quoteIdent(name)}`).then(() => undefined)),
    dropDatabase: (name) => withClient('postgres', (c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`).then(() => undefined)),
    query: <R,>(text: string, params?: unknown[], database = 'postgres') =>
      withClient(database, async (c) => (await c.query(text, params)).rows as R[]),
    async destroy() {
      process.off('exit', stopSync)
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
      if (destroyed) return
      if (running) await pgCtl('stop', '-m', 'fast', '-w').catch(() => undefined)
      running = false
      destroyed = true
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
  await cluster.start()
  return cluster
}
