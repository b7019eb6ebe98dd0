/**
 * Links facts again where a child record changed (SPEC §2 "Linking facts to
 * children"): every fact whose subject names a childId or identifier whose
 * owner changed resolves to the child whose current record has it now, or
 * to nobody (unmatched: kept, waiting). Facts written in this batch were
 * linked as they were written; this catches those written before their
 * child record, and every fact stored earlier.
 *
 * Returns how many facts that waited unmatched before this batch are now
 * linked. Children that gained or lost a fact are noted as affected.
 */
import { sql, type Transaction } from 'kysely'
import type { Database } from '../database/database'

export const relinkTouchedFacts = async (trx: Transaction<Database>): Promise<number> => {
  const { rows } = await sql<{ linked: number }>`
    WITH resolved AS (
      SELECT f.id, f.source, f.source_id, f.child_id AS old_child_id, f.withdrawn,
        CASE WHEN f.subject_type = 'childId'
          THEN (SELECT c.child_id FROM child c WHERE c.child_id = f.subject_value)
          ELSE (SELECT i.child_id FROM child_identifier i WHERE i.type = f.subject_type AND i.value = f.subject_value)
        END AS new_child_id
      FROM pg_temp.ingest_scratch_subject s
      -- Index probes per subject; OFFSET 0 keeps the planner from a scan it cannot cost without statistics.
      CROSS JOIN LATERAL (
        SELECT * FROM fact_version v
        WHERE v.subject_type = s.type AND v.subject_value = s.value AND v.is_current AND v.kind <> 'child'
        OFFSET 0
      ) f
    ),
    updated AS (
      UPDATE fact_version f SET child_id = r.new_child_id
      FROM resolved r
      WHERE f.id = r.id AND f.child_id IS DISTINCT FROM r.new_child_id
      RETURNING f.source, f.source_id, r.old_child_id, r.new_child_id, r.withdrawn
    ),
    affected AS (
      INSERT INTO pg_temp.ingest_scratch_affected (child_id)
      SELECT old_child_id FROM updated WHERE old_child_id IS NOT NULL
      UNION
      SELECT new_child_id FROM updated WHERE new_child_id IS NOT NULL
      ON CONFLICT DO NOTHING
    )
    SELECT (count(*) FILTER (
      WHERE u.old_child_id IS NULL AND u.new_child_id IS NOT NULL AND NOT u.withdrawn AND NOT coalesce(w.is_new, false)
    ))::int AS linked
    FROM updated u
    LEFT JOIN pg_temp.ingest_scratch_unmatched w ON w.source = u.source AND w.source_id = u.source_id
  `.execute(trx)
  await sql`TRUNCATE pg_temp.ingest_scratch_subject`.execute(trx)
  return rows[0]?.linked ?? 0
}

/** Facts of this batch that count and that no child identifies. */
export const countUnmatchedInBatch = async (trx: Transaction<Database>): Promise<number> => {
  const { rows } = await sql<{ unmatched: number }>`
    SELECT count(*)::int AS unmatched FROM pg_temp.ingest_scratch_unmatched w
    CROSS JOIN LATERAL (
      SELECT 1 FROM fact_version f
      WHERE f.source = w.source AND f.source_id = w.source_id AND f.is_current
        AND f.kind <> 'child' AND NOT f.withdrawn AND f.child_id IS NULL
      LIMIT 1
    ) still
  `.execute(trx)
  return rows[0]?.unmatched ?? 0
}

export interface AffectedChildren {
  /** Children with a current record whose facts or record changed: to be scored again. */
  readonly changed: readonly string[]
  /** Children whose record went away (withdrawn, or its childId corrected away): their stored flags are stale. */
  readonly removed: readonly string[]
}

export const affectedChildren = async (trx: Transaction<Database>): Promise<AffectedChildren> => {
  const { rows } = await sql<{ child_id: string; present: boolean }>`
    SELECT a.child_id, (c.child_id IS NOT NULL) AS present
    FROM pg_temp.ingest_scratch_affected a LEFT JOIN child c ON c.child_id = a.child_id
    ORDER BY a.child_id
  `.execute(trx)
  return {
    changed: rows.filter((r) => r.present).map((r) => r.child_id),
    removed: rows.filter((r) => !r.present).map((r) => r.child_id),
  }
}
