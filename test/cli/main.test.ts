/**
 * The executable's last resort: an error no command handled. A database that
 * is not there is "try again later" (exit 75) with its code only, not an
 * internal error; nothing else of the error is printed. A server that is
 * there but refuses the database or role the setting names is the setting's
 * fault: exit 1, said in words, for the commands and for `serve`.
 */
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import t from 'tap'
import { COMPILED_CLI, PROJECT_ROOT } from '../helpers/paths'

/** The CLI as its own process, compiled with the tests, with a plain environment (tap's loaders stay out). */
const run = (args: readonly string[], env: Record<string, string>): Promise<{ code: number | null; stderr: string }> =>
  new Promise((resolve) => {
    const child = execFile(
      '/usr/bin/env',
      ['-u', 'NODE_OPTIONS', process.execPath, COMPILED_CLI, ...args],
      { cwd: PROJECT_ROOT, env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env } },
      (_error, _stdout, stderr) => resolve({ code: child.exitCode, stderr }),
    )
  })

t.test('a database that refuses connections: exit 75, its code, nothing else', async (t) => {
  // Port 1 on loopback: nothing listens there.
  const r = await run(['ingest', 'fixtures/scenarios/repeat-missing.ndjson'], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' })
  t.equal(r.code, 75)
  t.equal(r.stderr, 'early-warning: the database is not available (ECONNREFUSED); nothing further was written; run the command again when it is\n')
})

/** DATABASE_URL with its database or user swapped for one the server does not have (the PostgreSQL run only). */
const refusedUrl = (part: 'database' | 'user'): string | undefined => {
  const given = process.env['DATABASE_URL']
  if (given === undefined || given === '') return undefined
  const url = new URL(given)
  const missing = `ew_missing_${randomBytes(4).toString('hex')}`
  if (part === 'database') url.pathname = `/${missing}`
  else url.username = missing
  return url.toString()
}

const onServer = { skip: refusedUrl('database') === undefined ? 'needs the PostgreSQL server (DATABASE_URL)' : false }

t.test('a database that does not exist: exit 1, said in words, for a command and for serve', onServer, async (t) => {
  const url = refusedUrl('database') as string
  const r = await run(['ingest', 'fixtures/scenarios/repeat-missing.ndjson'], { DATABASE_URL: url })
  t.equal(r.code, 1)
  t.equal(r.stderr, 'the database could not be opened: the database that DATABASE_URL names does not exist (3D000)\n')
  const secret = randomBytes(32).toString('base64')
  const served = await run(['serve'], { DATABASE_URL: url, PORT: '39517', EW_JWT_SECRET: secret, EW_PSEUDONYM_KEY: secret })
  t.equal(served.code, 1)
  t.match(served.stderr, /database: could not be opened: the database that DATABASE_URL names does not exist \(3D000\)/)
  t.notMatch(served.stderr, /ew_missing_/, 'the name is not echoed')
})

t.test('a role the server does not know: exit 1, said in words', onServer, async (t) => {
  const url = refusedUrl('user') as string
  const r = await run(['flags', 'C1'], { DATABASE_URL: url })
  t.equal(r.code, 1)
  t.equal(r.stderr, 'the database could not be opened: the server does not let in the role that DATABASE_URL names (28000)\n')
})
