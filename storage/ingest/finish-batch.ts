/**
 * The end of a batch, in one statement: count the batch's facts that no
 * child identifies, read the children it changed, mark those with a record
 * to be scored again (storage/flags/score-pending) and close the run record
 * with the counts. They were four statements, each a round trip, and a
 * one-fact POST /facts waits for every one of them.
 *
 * Every part sees the state from before the statement: the reads see the
 * scratch tables, `fact_version` and `child` as the batch left them; the
 * writes go to `score_pending` and `ingest_run`, which no part reads. So the
 * result is what the four statements gave.
 */
import { sql, type Transaction } from 'kysely'
import type { Database } from '../database/database'
import type { IngestCounts } from './ingest-counts'
import type { IngestRun } from './version-rows'

export interface FinishedBatch {
  /** The counts as stored in the run record: `unmatched` is this batch's, counted now. */
  readonly counts: IngestCounts
  /** Children with a current record whose facts or record changed: to be scored again. Sorted. */
  readonly changed: readonly string[]
  /** Children whose record went away (withdrawn, or its childId corrected away): their stored flags are stale. Sorted. */
  readonly removed: readonly string[]
}

interface FinishRow {
  readonly unmatched: number
  /** Null on the one row of a batch that changed no child. */
  readonly child_id: string | null
  readonly present: boolean | null
}

/**
 * `counts` are the batch's counts but `unmatched`. The unmatched count is the
 * current version by (source, source_id) on the unique key, then the test: a
 * filter inside the probe would let the planner read the partial unmatched
 * index (ordered by received_at) in full for every fact. OFFSET 0 keeps "has
 * a record" a probe of `child` per affected child: the scratch table has no
 * statistics, so the planner guessed a thousand rows and hashed all of
 * `child` for them, a scan that grows with the city (43 ms at 100,000
 * children, for a POST /facts that changed one child).
 */
export const finishBatch = async (trx: Transaction<Database>, run: IngestRun, counts: IngestCounts): Promise<FinishedBatch> => {
  const { rows } = await sql<FinishRow>`
    WITH unmatched AS (
      SELECT count(*)::int AS n FROM pg_temp.ingest_scratch_unmatched w
      CROSS JOIN LATERAL (
        SELECT f.kind, f.withdrawn, f.child_id FROM fact_version f
        WHERE f.source = w.source AND f.source_id = w.source_id AND f.is_current
        LIMIT 1
      ) cur
      WHERE cur.kind <> 'child' AND NOT cur.withdrawn AND cur.child_id IS NULL
    ),
    affected AS (
      SELECT a.child_id, EXISTS (SELECT 1 FROM child c WHERE c.child_id = a.child_id OFFSET 0) AS present
      FROM pg_temp.ingest_scratch_affected a
    ),
    -- In this transaction: if scoring never happens (a crash after the commit), the next ingest does it.
    marked AS (
      INSERT INTO score_pending (child_id, ingest_run_id)
      SELECT child_id, ${run.id}::bigint FROM affected WHERE present
      ON CONFLICT (child_id) DO UPDATE SET ingest_run_id = excluded.ingest_run_id
    ),
    closed AS (
      UPDATE ingest_run
      SET status = 'completed',
          counts = ${JSON.stringify(counts)}::jsonb || jsonb_build_object('unmatched', (SELECT n FROM unmatched)),
          finished_at = clock_timestamp()
      WHERE id = ${run.id}::bigint
    )
    SELECT u.n AS unmatched, a.child_id, a.present
    FROM unmatched u LEFT JOIN affected a ON true
    ORDER BY a.child_id
  `.execute(trx)
  const changed: string[] = []
  const removed: string[] = []
  for (const r of rows) {
    if (r.child_id === null) continue
    if (r.present === true) changed.push(r.child_id)
    else removed.push(r.child_id)
  }
  return { counts: { ...counts, unmatched: rows[0]?.unmatched ?? 0 }, changed, removed }
}
