// Dates must not depend on the machine's zone (RELIABILITY §3 item 12): run under a zone with summer time.
process.env['TZ'] = 'Europe/London'

import { sql } from 'kysely'
import t from 'tap'
import { makeFolder } from '../../../storage/database/open-database'
import { openTestDatabase, testDatabaseUrl } from '../../helpers/database'

t.test('a DATE comes back as the same YYYY-MM-DD text under TZ=Europe/London', async (t) => {
  const db = await openTestDatabase(t)
  t.equal(new Date(2024, 5, 1).getTimezoneOffset(), -60, 'the zone really is in summer time')
  const literal = await sql<{ d: string }>`SELECT '2024-06-01'::date AS d`.execute(db)
  t.same(literal.rows, [{ d: '2024-06-01' }])
  await sql`CREATE TABLE dates (d date)`.execute(db)
  await sql`INSERT INTO dates VALUES (${'2024-06-01'}), (${'2024-03-31'}), (${'2024-10-27'})`.execute(db)
  const stored = await sql<{ d: string }>`SELECT d FROM dates ORDER BY d`.execute(db)
  t.same(
    stored.rows.map((r) => r.d),
    ['2024-03-31', '2024-06-01', '2024-10-27'],
  )
})

t.test('timestamptz comes back as an ISO instant, int8 as a string', async (t) => {
  const db = await openTestDatabase(t)
  const r = await sql<{ at: unknown; big: unknown }>`
    SELECT '2024-06-01T10:00:00+01:00'::timestamptz AS at, 9007199254740993::int8 AS big
  `.execute(db)
  t.same(r.rows, [{ at: '2024-06-01T09:00:00.000Z', big: '9007199254740993' }])
})

t.test('server connections carry the pool settings', { skip: testDatabaseUrl() === undefined && 'needs DATABASE_URL' }, async (t) => {
  const db = await openTestDatabase(t)
  const r = await sql<{ app: string; statement: string; idle: string }>`
    SELECT current_setting('application_name') AS app,
           current_setting('statement_timeout') AS statement,
           current_setting('idle_in_transaction_session_timeout') AS idle
  `.execute(db)
  t.same(r.rows, [{ app: 'early-warning', statement: '5s', idle: '10s' }])
})

t.test('a connection ended under a transaction is an error of that transaction, not of the process', { skip: testDatabaseUrl() === undefined && 'needs DATABASE_URL' }, async (t) => {
  const db = await openTestDatabase(t)
  let uncaught = 0
  const count = (): void => void (uncaught += 1)
  process.on('uncaughtException', count)
  t.teardown(() => void process.off('uncaughtException', count))
  const failed = await db
    .transaction()
    .execute(async (trx) => {
      const { rows } = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(trx)
      // Another connection ends this one, as a crash or an operator would.
      await sql`SELECT pg_terminate_backend(${rows[0]?.pid})`.execute(db)
      await new Promise((resolve) => setTimeout(resolve, 200))
      await sql`SELECT 1`.execute(trx)
    })
    .then(
      () => false,
      () => true,
    )
  await new Promise((resolve) => setTimeout(resolve, 200))
  t.ok(failed, 'the transaction fails')
  t.equal(uncaught, 0, 'no uncaught exception')
  const after = await sql<{ one: number }>`SELECT 1 AS one`.execute(db)
  t.same(after.rows, [{ one: 1 }], 'the pool serves the next query')
})

t.test('the data folder is made with its missing parents, and a place that refuses one is an error, not a spin', async (t) => {
  const { existsSync, writeFileSync } = await import('node:fs')
  const { join } = await import('node:path')
  const dir = t.testdir({})
  makeFolder(join(dir, 'a', 'b', 'c'))
  t.ok(existsSync(join(dir, 'a', 'b', 'c')))
  makeFolder(join(dir, 'a', 'b', 'c'))
  t.pass('an existing folder is left as it is')
  writeFileSync(join(dir, 'file'), 'x')
  t.throws(() => makeFolder(join(dir, 'file', 'd')), { code: 'ENOTDIR' })
  // /proc answers ENOENT to mkdir whatever the name: Node's recursive mkdir loops on it for ever.
  if (existsSync('/proc/self')) t.throws(() => makeFolder('/proc/early-warning-no-such/x'), { code: 'ENOENT' })
})
