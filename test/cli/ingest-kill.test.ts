/**
 * An ingest killed with SIGKILL part-way through its transaction leaves no
 * partial batch, and running it again completes it (issue: storage fault
 * tests; RELIABILITY R2). Needs the real server: a killed embedded database
 * is not a fault PGlite promises to survive.
 */
import t from 'tap'
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Client } from 'pg'
import { runInProcess } from './run-in-process'
import { COMPILED_CLI, PROJECT_ROOT } from '../helpers/paths'

const url = process.env['DATABASE_URL']
if (url === undefined || url === '') {
  t.pass('skipped on the embedded database: run with DATABASE_URL for the kill test')
} else {
  const schema = `kill_${randomBytes(5).toString('hex')}`
  // A plain environment: tap's loaders (which would take the .ts entry point for ESM) stay out.
  const env = { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', DATABASE_URL: url, EW_DATABASE_SCHEMA: schema }
  const client = new Client({ connectionString: url })

  const factRows = async (): Promise<number> =>
    Number((await client.query(`SELECT count(*) AS n FROM ${schema}.fact_version`)).rows[0].n)

  /** The CLI as its own process, compiled with the tests (the test must not depend on `npm run build`). */
  const ingestProcess = (file: string): ChildProcess =>
    // Through env(1) so tap's process tracking does not add its ESM loaders to this child.
    spawn(
      '/usr/bin/env',
      ['-u', 'NODE_OPTIONS', process.execPath, COMPILED_CLI, 'ingest', file],
      { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
    )

  /** Waits until the process is writing inside its transaction: it holds a write lock on this schema's fact table. */
  const writing = async (deadline: number): Promise<boolean> => {
    while (Date.now() < deadline) {
      const r = await client.query(
        `SELECT count(*) AS n FROM pg_locks l
           JOIN pg_class c ON c.oid = l.relation JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = $1 AND c.relname = 'fact_version' AND l.mode = 'RowExclusiveLock' AND l.pid <> pg_backend_pid()`,
        [schema],
      )
      if (Number(r.rows[0].n) > 0) return true
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
    return false
  }

  /** Waits until the killed client's backend has noticed and rolled back (its locks are gone). */
  const settled = async (): Promise<void> => {
    for (let i = 0; i < 200; i++) {
      const r = await client.query(
        `SELECT count(*) AS n FROM pg_locks l
           JOIN pg_class c ON c.oid = l.relation JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = $1 AND l.pid <> pg_backend_pid()`,
        [schema],
      )
      if (Number(r.rows[0].n) === 0) return
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }

  t.before(async () => {
    await client.connect()
  })
  t.teardown(async () => {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
    await client.end()
  })

  t.test('SIGKILL mid-batch leaves nothing; the re-run writes the whole batch', async (t) => {
    const dir = t.testdir({})
    const city = await runInProcess(['fixtures', 'generate', '--children', '3000', '--seed', 'kill', '--reference-date', '2026-11-24'])
    const file = join(dir, 'city.ndjson')
    writeFileSync(file, city.stdout)
    const migrated = await runInProcess(['migrate'], { env: { DATABASE_URL: url, EW_DATABASE_SCHEMA: schema } })
    t.equal(migrated.code, 0, migrated.stderr)

    const victim = ingestProcess(file)
    let victimErr = ''
    victim.stderr?.on('data', (chunk: Buffer) => (victimErr += chunk.toString()))
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      victim.on('exit', (code, signal) => resolve({ code, signal })),
    )
    const caught = await writing(Date.now() + 60_000)
    t.ok(caught, 'the ingest was caught while writing its transaction')
    victim.kill('SIGKILL')
    const ended = await exited
    t.equal(ended.signal, 'SIGKILL', `the process was killed ${victimErr}`)
    await settled()
    t.equal(await factRows(), 0, 'no partial batch: not one fact of it is stored')

    const rerun = ingestProcess(file)
    let out = ''
    rerun.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()))
    const code = await new Promise<number | null>((resolve) => rerun.on('exit', (c) => resolve(c)))
    t.equal(code, 0, 'the re-run completes')
    const stored = await factRows()
    t.ok(stored > 20_000, `the whole batch is stored (${stored} fact versions)`)
    t.match(out, /^ingested \d+ line\(s\): \d+ inserted/, 'the re-run reports its counts')

    const clean = `${schema}_clean`
    const cleanRun = await runInProcess(['ingest', file], { env: { DATABASE_URL: url, EW_DATABASE_SCHEMA: clean } })
    t.equal(cleanRun.code, 0, cleanRun.stderr)
    const cleanRows = Number((await client.query(`SELECT count(*) AS n FROM ${clean}.fact_version`)).rows[0].n)
    await client.query(`DROP SCHEMA IF EXISTS ${clean} CASCADE`)
    t.equal(stored, cleanRows, 'the state after kill and re-run equals a clean run')
    t.equal(cleanRun.stdout.replace(/ as of .*/, ''), out.replace(/ as of .*/, ''), 'and the same counts')
  })
}
