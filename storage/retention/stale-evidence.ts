/**
 * Children whose stored flags cite, as evidence, a fact that is no longer
 * held. The retention run scores again the children it took facts from; if
 * it stopped after erasing and before scoring, the next run finds them here.
 */
import { sql, type Kysely } from 'kysely'
import type { Database } from '../database/database'

/** Sorted. */
export const childrenWithStaleEvidence = async (db: Kysely<Database>): Promise<readonly string[]> => {
  const { rows } = await sql<{ child_id: string }>`
    SELECT DISTINCT s.child_id
    FROM flag_state s CROSS JOIN LATERAL jsonb_array_elements(s.evidence) AS e(item)
    WHERE e.item->>'sourceId' IS NOT NULL
      AND NOT EXISTS (
        SELECT 1 FROM fact_version v WHERE v.source = e.item->>'source' AND v.source_id = e.item->>'sourceId'
      )
    ORDER BY s.child_id
  `.execute(db)
  return rows.map((r) => r.child_id)
}
