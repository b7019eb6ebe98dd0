/**
 * The marks of children to score again (migration 07): written by ingest in
 * its transaction, read and cleared by whoever scores after it. Clearing
 * takes exactly the marks that were read: a mark a later batch left on the
 * same child meanwhile (a newer run) stays for the next pass.
 */
import { sql, type Kysely, type Transaction } from 'kysely'
import type { Database } from '../database/database'

export interface PendingMark {
  readonly childId: string
  readonly runId: string
}

export const markScorePending = async (trx: Transaction<Database>, childIds: readonly string[], runId: string): Promise<void> => {
  if (childIds.length === 0) return
  await sql`
    INSERT INTO score_pending (child_id, ingest_run_id)
    SELECT id, ${runId}::bigint FROM unnest(${childIds}::text[]) AS t(id)
    ON CONFLICT (child_id) DO UPDATE SET ingest_run_id = excluded.ingest_run_id
  `.execute(trx)
}

/** Every mark, in childId order. */
export const pendingMarks = async (db: Kysely<Database>): Promise<readonly PendingMark[]> => {
  const { rows } = await sql<{ child_id: string; run_id: string }>`
    SELECT child_id, ingest_run_id::text AS run_id FROM score_pending ORDER BY child_id
  `.execute(db)
  return rows.map((r) => ({ childId: r.child_id, runId: r.run_id }))
}

export const clearScorePending = async (db: Kysely<Database>, marks: readonly PendingMark[]): Promise<void> => {
  if (marks.length === 0) return
  await sql`
    DELETE FROM score_pending p
    USING unnest(${marks.map((m) => m.childId)}::text[], ${marks.map((m) => m.runId)}::bigint[]) AS m(child_id, run_id)
    WHERE p.child_id = m.child_id AND p.ingest_run_id = m.run_id
  `.execute(db)
}

/**
 * Scores the marked children with `score` (which stores their flags), then
 * clears the marks it read. A failure leaves every mark for the next pass.
 */
export const scorePendingChildren = async (
  db: Kysely<Database>,
  score: (childIds: readonly string[]) => Promise<unknown>,
): Promise<readonly string[]> => {
  const marks = await pendingMarks(db)
  const childIds = marks.map((m) => m.childId)
  if (childIds.length === 0) return childIds
  await score(childIds)
  await clearScorePending(db, marks)
  return childIds
}
