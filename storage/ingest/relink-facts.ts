/**
 * Links facts again where a child record changed (SPEC §2 "Linking facts to
 * children"): every fact whose subject names a childId or identifier whose
 * owner changed resolves to the child whose current record has it now, or
 * to nobody (unmatched: kept, waiting). Facts written in this batch were
 * linked as they were written; this catches those written before their
 * child record, and every fact stored earlier.
 *
 * Returns how many facts that waited unmatched before this batch are now
 * linked (not those this batch had unlinked: `unlinked`). Children that
 * gained or lost a fact are noted as affected, and a fact of this batch
 * left with no child is noted as unmatched.
 *
 * Inside the batch's transaction the planner has no statistics for what the
 * batch wrote, so every read here is an index probe per key (LATERAL with
 * LIMIT or OFFSET 0), never a join it might cost as a scan, and the update
 * goes by primary key.
 *
 * The facts naming a claim are split between two indexes, none in both
 * (migration 11): the subject index holds facts naming an agency
 * identifier, facts not linked to the childId they name, and withdrawn
 * ones; the child index the rest, facts linked to the childId they name.
 * Each probe repeats its index's predicate, so that the planner can use
 * the partial index.
 */
import { sql, type RawBuilder, type Transaction } from 'kysely'
import type { Database } from '../database/database'
import { noteAffected, noteUnmatched } from './batch-scratch'
import type { TouchedClaim } from './sync-children'

export interface Relink {
  readonly id: string
  readonly source: string
  readonly source_id: string
  readonly old_child_id: string | null
  readonly new_child_id: string | null
  /** It counted, waited unmatched before this batch, and is linked now. */
  readonly now_linked: boolean
  /** It counts, was written by this batch, and waits unmatched now: its child lost the claim its subject names. */
  readonly now_waits: boolean
}

/** The current facts naming the touched claims whose link changes, with where each goes. */
export const factsToRelink = (touched: readonly TouchedClaim[], runId: string): RawBuilder<Relink> => sql<Relink>`
  SELECT r.id, r.source, r.source_id, r.old_child_id, r.new_child_id,
    (r.old_child_id IS NULL AND r.new_child_id IS NOT NULL AND NOT r.withdrawn AND NOT coalesce((
      SELECT w.is_new FROM pg_temp.ingest_scratch_unmatched w WHERE w.source = r.source AND w.source_id = r.source_id
    ), false)) AS now_linked,
    (r.old_child_id IS NOT NULL AND r.new_child_id IS NULL AND NOT r.withdrawn AND r.ingest_run_id = ${runId}::bigint) AS now_waits
  FROM (
    SELECT f.id, f.source, f.source_id, f.child_id AS old_child_id, f.withdrawn, f.ingest_run_id,
      CASE WHEN f.subject_type = 'childId'
        THEN (SELECT c.child_id FROM child c WHERE c.child_id = f.subject_value)
        ELSE (SELECT i.child_id FROM child_identifier i WHERE i.type = f.subject_type AND i.value = f.subject_value)
      END AS new_child_id
    FROM unnest(${touched.map((c) => c.type)}::text[], ${touched.map((c) => c.value)}::text[]) AS s(type, value)
    CROSS JOIN LATERAL (
      SELECT * FROM fact_version v
      WHERE v.subject_type = s.type AND v.subject_value = s.value AND v.is_current AND v.kind <> 'child'
        AND (v.subject_type <> 'childId' OR v.child_id IS DISTINCT FROM v.subject_value OR v.withdrawn)
      UNION ALL
      SELECT * FROM fact_version v
      WHERE s.type = 'childId' AND v.child_id = s.value AND v.is_current AND v.kind <> 'child' AND NOT v.withdrawn
        AND v.subject_type = 'childId' AND v.subject_value = s.value
      OFFSET 0
    ) f
  ) r
  WHERE r.old_child_id IS DISTINCT FROM r.new_child_id
`

/**
 * Stored facts this batch unlinked (their child's record released what they
 * name), by version id: one linked again later in the batch, to the same
 * child or another, was not waiting before the batch, so it does not count
 * as `linked`, however the batch was chunked.
 */
export type UnlinkedInBatch = Set<string>

export const relinkTouchedFacts = async (
  trx: Transaction<Database>,
  touched: readonly TouchedClaim[],
  runId: string,
  unlinked: UnlinkedInBatch,
): Promise<number> => {
  if (touched.length === 0) return 0
  const { rows } = await factsToRelink(touched, runId).execute(trx)
  if (rows.length === 0) return 0
  await sql`
    UPDATE fact_version f SET child_id = u.child_id
    FROM unnest(${rows.map((r) => r.id)}::bigint[], ${rows.map((r) => r.new_child_id)}::text[]) AS u(id, child_id)
    WHERE f.id = u.id
  `.execute(trx)
  const affected = new Set<string>()
  for (const r of rows) {
    if (r.old_child_id !== null) affected.add(r.old_child_id)
    if (r.new_child_id !== null) affected.add(r.new_child_id)
  }
  // A fact of this batch linked as it was written, whose child then lost its record in the same batch, waits:
  // it counts as unmatched (as new: linked again later in the batch, it was never waiting before it).
  const waiting = rows.filter((r) => r.now_waits).map((r) => ({ source: r.source, sourceId: r.source_id, isNew: true }))
  await Promise.all([noteAffected(trx, [...affected]), noteUnmatched(trx, waiting)])
  const linked = rows.filter((r) => r.now_linked && !unlinked.has(r.id)).length
  for (const r of rows) if (r.old_child_id !== null && r.new_child_id === null) unlinked.add(r.id)
  return linked
}
