/**
 * The batch scratch tables outlive a batch (made once per session) but never
 * its rows: every transaction finds them empty, whether the one before
 * committed or rolled back.
 */
import { sql, type Kysely, type Transaction } from 'kysely'
import t from 'tap'
import type { Database } from '../../../storage/database/database'
import { ensureBatchScratch, noteAffected, noteUnmatched } from '../../../storage/ingest/batch-scratch'
import { openTestDatabase } from '../../helpers/database'

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
    await ensureBatchScratch(trx)
    await noteAffected(trx, ['C1', 'C2'])
    await noteUnmatched(trx, [{ source: 'police', sourceId: 'P-1', isNew: true }])
    await sql`INSERT INTO pg_temp.ingest_scratch_child_key (source, source_id, line) VALUES ('social_care', 'SC-1', 1)`.execute(trx)
    t.equal(await scratchRows(trx), 4, 'a batch sees its own notes')
    if (end === 'rollback') throw new Error('the batch is refused')
  })

const rowsInNextBatch = (db: Kysely<Database>): Promise<number> =>
  db.transaction().execute(async (trx) => {
    await ensureBatchScratch(trx)
    return scratchRows(trx)
  })

t.test('after a committed batch, the next finds the scratch tables empty', async (t) => {
  const db = await openTestDatabase(t)
  await noteSome(t, db, 'commit')
  t.equal(await rowsInNextBatch(db), 0)
  await noteSome(t, db, 'commit')
  t.equal(await rowsInNextBatch(db), 0, 'and again, once they exist')
})

t.test('after a refused batch, the next finds them empty', async (t) => {
  const db = await openTestDatabase(t)
  await t.rejects(noteSome(t, db, 'rollback'), /refused/)
  t.equal(await rowsInNextBatch(db), 0)
  await noteSome(t, db, 'commit')
  await t.rejects(noteSome(t, db, 'rollback'), /refused/)
  t.equal(await rowsInNextBatch(db), 0, 'also when they existed before the refused batch')
})
