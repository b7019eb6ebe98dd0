/**
 * The batch scratch tables outlive a batch (made once per session) but never
 * its rows: every batch finds them empty, whether the one before committed or
 * rolled back; and what they hold on disk stays bounded (TRUNCATE past a
 * size, DELETE below it).
 */
import { sql, type Kysely, type Transaction } from 'kysely'
import t from 'tap'
import type { Database } from '../../../storage/database/database'
import { LOCK_KEY } from '../../../storage/database/long-transaction'
import { SCRATCH_TRUNCATE_BYTES, noteAffected, noteUnmatched, readyBatchScratch } from '../../../storage/ingest/batch-scratch'
import { openTestDatabase, type TestWithTeardown } from '../../helpers/database'

type Tap = Pick<typeof t, 'equal'>

const scratchRows = async (trx: Transaction<Database>): Promise<number> => {
  const { rows } = await sql<{ n: number }>`
    SELECT (SELECT count(*) FROM pg_temp.ingest_scratch_affected)::int
         + (SELECT count(*) FROM pg_temp.ingest_scratch_unmatched)::int
         + (SELECT count(*) FROM pg_temp.ingest_scratch_child_key)::int AS n
  `.execute(trx)
  return rows[0]?.n ?? -1
}

/** One batch's worth of notes, then `end` (commit, or a throw that rolls back). */
const noteSome = (t: Tap, db: Kysely<Database>, end: 'commit' | 'rollback'): Promise<void> =>
  db.transaction().execute(async (trx) => {
    await readyBatchScratch(trx)
    await noteAffected(trx, ['C1', 'C2'])
    await noteUnmatched(trx, [{ source: 'police', sourceId: 'P-1', isNew: true }])
    await sql`INSERT INTO pg_temp.ingest_scratch_child_key (source, source_id, line) VALUES ('social_care', 'SC-1', 1)`.execute(trx)
    t.equal(await scratchRows(trx), 4, 'a batch sees its own notes')
    if (end === 'rollback') throw new Error('the batch is refused')
  })

const scratchBytes = async (trx: Transaction<Database>): Promise<number> => {
  const { rows } = await sql<{ bytes: string }>`
    SELECT pg_total_relation_size('pg_temp.ingest_scratch_affected')
         + pg_total_relation_size('pg_temp.ingest_scratch_unmatched')
         + pg_total_relation_size('pg_temp.ingest_scratch_child_key') AS bytes
  `.execute(trx)
  return Number(rows[0]?.bytes ?? -1)
}

/** What `read` finds once the next batch has readied the tables. */
const inNextBatch = (db: Kysely<Database>, read: (trx: Transaction<Database>) => Promise<number>, truncateAbove?: number): Promise<number> =>
  db.transaction().execute(async (trx) => {
    await readyBatchScratch(trx, { truncateAbove })
    return read(trx)
  })

const rowsInNextBatch = (db: Kysely<Database>, truncateAbove?: number): Promise<number> => inNextBatch(db, scratchRows, truncateAbove)

/** Temporary tables are the session's own: every batch of a test runs on one connection. */
const inOneSession = async (t: TestWithTeardown, work: (db: Kysely<Database>) => Promise<void>): Promise<void> => {
  const db = await openTestDatabase(t)
  await db.connection().execute(work)
}

t.test('after a committed batch, the next finds the scratch tables empty', (t) =>
  inOneSession(t, async (db) => {
    await noteSome(t, db, 'commit')
    t.equal(await rowsInNextBatch(db), 0)
    await noteSome(t, db, 'commit')
    t.equal(await rowsInNextBatch(db), 0, 'and again, once they exist')
  }))

t.test('after a refused batch, the next finds them empty', (t) =>
  inOneSession(t, async (db) => {
    await t.rejects(noteSome(t, db, 'rollback'), /refused/)
    t.equal(await rowsInNextBatch(db), 0)
    await noteSome(t, db, 'commit')
    await t.rejects(noteSome(t, db, 'rollback'), /refused/)
    t.equal(await rowsInNextBatch(db), 0, 'also when they existed before the refused batch')
  }))

t.test('past the threshold a batch truncates them, below it deletes their rows', (t) =>
  inOneSession(t, async (conn) => {
    const childIds = Array.from({ length: 5000 }, (_, i) => `C${i}`)
    await conn.transaction().execute(async (trx) => {
      await readyBatchScratch(trx)
      await noteAffected(trx, childIds)
    })
    const full = await conn.transaction().execute(scratchBytes)
    t.ok(full > SCRATCH_TRUNCATE_BYTES, `5,000 children noted take more than the threshold (${full} bytes)`)
    t.equal(await rowsInNextBatch(conn, Number.MAX_SAFE_INTEGER), 0, 'below the threshold: emptied by DELETE')
    t.ok((await conn.transaction().execute(scratchBytes)) >= full, 'whose dead rows keep their pages')
    const truncated = await inNextBatch(conn, scratchBytes)
    t.ok(truncated < full / 4 && truncated <= 64 * 1024, `past the threshold: truncated to a few pages (${truncated} bytes)`)
    t.equal(await conn.transaction().execute(scratchRows), 0)
  }))

t.test('the threshold must be a whole number of bytes', async (t) => {
  const db = await openTestDatabase(t)
  await t.rejects(rowsInNextBatch(db, -1), RangeError)
  await t.rejects(rowsInNextBatch(db, 1.5), RangeError)
})

/** Advisory locks on `key` this session holds (a bigint key below 2^32 is objid, its class 0). */
const advisoryLocksOn = async (trx: Transaction<Database>, key: number): Promise<number> => {
  const { rows } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM pg_locks
    WHERE locktype = 'advisory' AND classid = 0 AND objid = ${key} AND objsubid = 1 AND pid = pg_backend_pid() AND granted
  `.execute(trx)
  return rows[0]?.n ?? -1
}

t.test("asked to, the statement that readies them takes the ingest's lock first, for the transaction", (t) =>
  inOneSession(t, async (db) => {
    const held = await db.transaction().execute(async (trx) => {
      await readyBatchScratch(trx, { lock: LOCK_KEY.ingest })
      return { lock: await advisoryLocksOn(trx, LOCK_KEY.ingest), rows: await scratchRows(trx) }
    })
    t.same(held, { lock: 1, rows: 0 }, 'the lock is held and the tables are ready')
    t.equal(await db.transaction().execute((trx) => advisoryLocksOn(trx, LOCK_KEY.ingest)), 0, 'and let go at the commit')
    const without = await db.transaction().execute(async (trx) => {
      await readyBatchScratch(trx)
      return advisoryLocksOn(trx, LOCK_KEY.ingest)
    })
    t.equal(without, 0, 'not asked, it takes none')
  }))
