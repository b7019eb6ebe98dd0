/**
 * A long transaction raises its own limits, then takes its writer's lock in
 * a statement of its own, so that the wait for the lock has the long limits:
 * a statement keeps the statement timeout it started with.
 */
import { sql, type Kysely, type Transaction } from 'kysely'
import t from 'tap'
import type { Database } from '../../../storage/database/database'
import { allowLongStatements, takeTransactionLock } from '../../../storage/database/long-transaction'
import { openEmptyTestDatabase, testDatabaseUrl } from '../../helpers/database'

/** A key no writer uses: advisory locks are per database, and other test files run beside this one. */
const TEST_KEY = 7_350_901

const setting = async (db: Kysely<Database>, name: string): Promise<string> => {
  const { rows } = await sql<{ value: string }>`SELECT current_setting(${name}) AS value`.execute(db)
  return rows[0]?.value ?? ''
}

t.test('the limits are raised for the transaction alone, and the lock is held until it ends', async (t) => {
  const { db } = await openEmptyTestDatabase(t)
  const before = await db.connection().execute(async (c) => setting(c, 'statement_timeout'))
  await db.transaction().execute(async (trx) => {
    await allowLongStatements(trx)
    await takeTransactionLock(trx, TEST_KEY)
    t.equal(await setting(trx, 'statement_timeout'), '10min', 'statement timeout raised')
    t.equal(await setting(trx, 'lock_timeout'), '10min', 'lock timeout raised')
    t.equal(await setting(trx, 'jit'), 'off', 'no JIT')
    const { rows } = await sql<{ held: boolean }>`
      SELECT EXISTS (
        SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND objid = ${TEST_KEY} AND granted
      ) AS held
    `.execute(trx)
    t.equal(rows[0]?.held, true, 'the advisory lock is held')
  })
  t.equal(await db.connection().execute(async (c) => setting(c, 'statement_timeout')), before, 'back to the pool limit after')
})

t.test('the wait for the lock has the long limits', { skip: testDatabaseUrl() === undefined ? 'PGlite has one connection' : false }, async (t) => {
  const holding = await openEmptyTestDatabase(t)
  const waiting = await openEmptyTestDatabase(t)
  /** Holds the lock in another session; resolves once it is held (in an object: an async function would wait for a promise it returns). */
  const holdFor = async (seconds: number): Promise<{ readonly released: Promise<void> }> => {
    let held: () => void = () => undefined
    const isHeld = new Promise<void>((resolve) => (held = resolve))
    const holder = holding.db.transaction().execute(async (trx) => {
      await takeTransactionLock(trx, TEST_KEY)
      held()
      await sql`SELECT pg_sleep(${seconds})`.execute(trx)
    })
    await isHeld
    return { released: holder }
  }
  /** A transaction of the waiting session under short limits (the pool's are 5 s and 2 s; these keep the test short). */
  const underShortLimits = (work: (trx: Transaction<Database>) => Promise<void>): Promise<void> =>
    waiting.db.transaction().execute(async (trx) => {
      await sql`SELECT set_config('statement_timeout', '100ms', true), set_config('lock_timeout', '100ms', true)`.execute(trx)
      await work(trx)
    })

  let holder = await holdFor(0.3)
  await t.rejects(
    underShortLimits((trx) => takeTransactionLock(trx, TEST_KEY)),
    // Whichever of the two 100 ms limits fires first.
    { code: /^(55P03|57014)$/ },
    'the control: under the short limits, the lock is not waited for',
  )
  await holder.released

  holder = await holdFor(0.3)
  await t.rejects(
    underShortLimits(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(${TEST_KEY}::bigint) FROM (SELECT set_config('statement_timeout', '600s', true), set_config('lock_timeout', '600s', true) OFFSET 0) AS limits`.execute(trx)
    }),
    { code: '57014' },
    'one statement that raises the limits and then waits for the lock is still cancelled at the timeout it started with',
  )
  await holder.released

  holder = await holdFor(0.3)
  const start = Date.now()
  await underShortLimits(async (trx) => {
    await allowLongStatements(trx)
    await takeTransactionLock(trx, TEST_KEY)
  })
  t.ok(Date.now() - start >= 150, 'limits, then the lock: it waited for the holder past 100 ms and got the lock')
  await holder.released
})
