/**
 * Migration 12 turns off GIN's pending list on the audit log's child index,
 * so that no audit insert is left to merge a long list while every read
 * waits for its row. Rows the list held when it runs are merged, and found
 * by child through the index either side of it.
 */
import { sql, type Kysely } from 'kysely'
import t from 'tap'
import type { Database } from '../../../storage/database/database'
import { openTestDatabase } from '../../helpers/database'
import { migrateTo } from './migrate-to'

const BEFORE = '2026-11-27-11-subject-index-narrowed'
const AFTER = '2026-11-27-12-audit-child-index-direct'

const indexOptions = async (db: Kysely<Database>): Promise<readonly string[]> => {
  const { rows } = await sql<{ options: readonly string[] | null }>`
    SELECT c.reloptions AS options FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = current_schema() AND c.relname = 'audit_event_child_ids_idx'
  `.execute(db)
  const row = rows[0]
  if (row === undefined) throw new Error('audit_event_child_ids_idx is missing')
  return row.options ?? []
}

const viewed = (db: Kysely<Database>, childIds: readonly string[], requestId: string) =>
  db
    .insertInto('audit_event')
    .values({ sub: 'someone', role: 'mash', route: 'GET /children/:childId/flags', child_ids: [...childIds], outcome: 'ok', request_id: requestId })
    .execute()

/** "Who viewed child X", read through the index only. */
const viewsOf = (db: Kysely<Database>, childId: string): Promise<readonly string[]> =>
  db.transaction().execute(async (trx) => {
    await sql`SET LOCAL enable_seqscan = off`.execute(trx)
    const { rows } = await sql<{ request_id: string }>`
      SELECT request_id FROM audit_event WHERE child_ids @> ARRAY[${childId}]::text[] ORDER BY request_id
    `.execute(trx)
    return rows.map((r) => r.request_id)
  })

t.test('the audit child index has no pending list after the migration, and had one before', async (t) => {
  const db = await openTestDatabase(t)
  t.same(await indexOptions(db), ['fastupdate=off'])
  await migrateTo(db, BEFORE)
  t.same(await indexOptions(db), [], 'down puts back the default (a pending list)')
  await migrateTo(db, AFTER)
  t.same(await indexOptions(db), ['fastupdate=off'])
})

t.test('rows written with a pending list are found by child, through the index, either side of the migration', async (t) => {
  const db = await openTestDatabase(t)
  await migrateTo(db, BEFORE)
  await viewed(db, ['C1'], 'r1')
  await viewed(db, ['C1', 'C2'], 'r2')
  await viewed(db, ['C3'], 'r3')
  t.same(await viewsOf(db, 'C1'), ['r1', 'r2'], 'before: from the pending list')
  await migrateTo(db, AFTER)
  await viewed(db, ['C2'], 'r4')
  t.same(await viewsOf(db, 'C1'), ['r1', 'r2'], 'after: merged into the tree')
  t.same(await viewsOf(db, 'C2'), ['r2', 'r4'])
  t.same(await viewsOf(db, 'C3'), ['r3'])
  t.same(await viewsOf(db, 'C9'), [])
})
