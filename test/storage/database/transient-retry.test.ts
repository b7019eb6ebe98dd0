import t from 'tap'
import { sql } from 'kysely'
import {
  backoffMs,
  isTransientDatabaseError,
  TRANSIENT_SQLSTATES,
  withTransientRetry,
  type RetryNotice,
} from '../../../storage/database/transient-retry'
import { openTestDatabase } from '../../helpers/database'

const failure = (code: string): Error => Object.assign(new Error(`failed with ${code}`), { code })

/** A run with a recorded, instant sleep and a fixed "random" draw. */
const harness = (random = 0.5) => {
  const sleeps: number[] = []
  const notices: RetryNotice[] = []
  return {
    sleeps,
    notices,
    options: { random: () => random, sleep: async (ms: number) => void sleeps.push(ms), onRetry: (n: RetryNotice) => void notices.push(n) },
  }
}

/** Fails with `errors` in turn, then answers `done`. */
const failingThen = (errors: readonly unknown[]) => {
  let calls = 0
  return {
    calls: () => calls,
    fn: async (): Promise<string> => {
      const error = errors[calls]
      calls += 1
      if (error !== undefined) throw error
      return 'done'
    },
  }
}

t.test('each transient SQLSTATE is retried until the work succeeds', async (t) => {
  for (const code of TRANSIENT_SQLSTATES) {
    const h = harness()
    const work = failingThen([failure(code), failure(code)])
    t.equal(await withTransientRetry(work.fn, h.options), 'done', `${code}: the third attempt's answer`)
    t.equal(work.calls(), 3, `${code}: three attempts`)
    t.same(h.notices.map((n) => n.code), [code, code], `${code}: each retry is announced with its code`)
  }
})

t.test('a connection lost mid-query (no SQLSTATE) is retried', async (t) => {
  const h = harness()
  const work = failingThen([new Error('Connection terminated unexpectedly'), failure('ECONNRESET')])
  t.equal(await withTransientRetry(work.fn, h.options), 'done')
  t.same(h.notices.map((n) => n.code), ['connection-lost', 'ECONNRESET'])
})

t.test('other errors are thrown at once, never retried', async (t) => {
  for (const error of [failure('23505'), failure('22P02'), failure('42501'), failure('ECONNREFUSED'), new Error('line 3 changed'), 'a string']) {
    const h = harness()
    const work = failingThen([error])
    await t.rejects(withTransientRetry(work.fn, h.options), `${JSON.stringify((error as { code?: string }).code ?? error)} is thrown`)
    t.equal(work.calls(), 1, 'after one attempt')
    t.same(h.sleeps, [], 'without waiting')
  }
})

t.test('attempts are capped: the last transient error is thrown after maxAttempts', async (t) => {
  const h = harness()
  const errors = Array.from({ length: 10 }, () => failure('40001'))
  const work = failingThen(errors)
  await t.rejects(withTransientRetry(work.fn, { ...h.options, maxAttempts: 5 }), { code: '40001' })
  t.equal(work.calls(), 5, 'five attempts in all')
  t.equal(h.sleeps.length, 4, 'four waits between them')
})

t.test('waits grow exponentially up to the cap, drawn below the ceiling (full jitter)', async (t) => {
  const top = harness(0.999999)
  const work = failingThen(Array.from({ length: 7 }, () => failure('40P01')))
  await t.rejects(withTransientRetry(work.fn, { ...top.options, maxAttempts: 7, baseMs: 100, capMs: 1000 }))
  t.same(top.sleeps, [99, 199, 399, 799, 999, 999], 'ceilings 100, 200, 400, 800, then the cap')
  t.equal(backoffMs(3, 100, 1000, () => 0), 0, 'a draw of 0 waits nothing')
  t.equal(backoffMs(30, 100, 1000, () => 0.5), 500, 'late attempts stay under the cap')
  t.ok(isTransientDatabaseError(failure('57P01')) && !isTransientDatabaseError(null), 'the classifier takes anything')
})

t.test('real database errors carry the SQLSTATE the classifier reads', async (t) => {
  const db = await openTestDatabase(t)
  await sql`CREATE TABLE once (k int PRIMARY KEY)`.execute(db)
  const h = harness()
  let attempts = 0
  const answer = await withTransientRetry(async (attempt) => {
    attempts = attempt
    await db.transaction().execute(async (trx) => {
      await sql`INSERT INTO once VALUES (${attempt})`.execute(trx)
      if (attempt === 1) await sql`DO $$ BEGIN RAISE EXCEPTION 'simulated' USING ERRCODE = '40001'; END $$`.execute(trx)
    })
    return 'committed'
  }, h.options)
  t.equal(answer, 'committed')
  t.equal(attempts, 2, 'a serialization failure is retried once')
  const rows = await sql<{ k: number }>`SELECT k FROM once`.execute(db)
  t.same(rows.rows, [{ k: 2 }], 'the failed attempt rolled back; only the retry is stored')

  let duplicateAttempts = 0
  await t.rejects(
    withTransientRetry(async () => {
      duplicateAttempts += 1
      await sql`INSERT INTO once VALUES (2)`.execute(db)
    }, h.options),
    { code: '23505' },
  )
  t.equal(duplicateAttempts, 1, 'a unique violation is not retried')
})
