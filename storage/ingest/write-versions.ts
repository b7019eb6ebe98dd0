/**
 * Multi-row writes of one chunk into `fact_version`: the current flag moves
 * off the versions being replaced, then the new versions go in, the new
 * current ones linked there and then to the child their subject names.
 * A few statements per chunk, whatever its size.
 */
import { sql, type Transaction } from 'kysely'
import type { FactVersion } from '../../engine/facts/fact'
import type { Database } from '../database/database'

export interface IngestRun {
  readonly id: string
  readonly receivedAt: string
}

/** Takes the current flag (and the link) off versions that are being replaced. */
export const demoteVersions = async (trx: Transaction<Database>, ids: readonly string[]): Promise<void> => {
  if (ids.length === 0) return
  await sql`
    UPDATE fact_version SET is_current = false, child_id = NULL WHERE id = ANY(${[...ids]}::bigint[])
  `.execute(trx)
}

export interface VersionToInsert {
  readonly fact: FactVersion
  readonly current: boolean
  readonly subjectType: string
  readonly subjectValue: string
}

export interface InsertedVersion {
  /** Position in the list given. */
  readonly index: number
  readonly id: string
  readonly childId: string | null
}

// The chunk's facts travel as one JSON array (no per-value escaping), zipped
// with plain arrays for what the caller decided (current or not, subject);
// each version's hash is computed once from its jsonb text. A current
// version other than a child record is linked to the child whose current
// record has the childId or identifier its subject names.
const linkedDoc = (versions: readonly VersionToInsert[]) => sql`
  SELECT (d.n - 1)::integer AS n, d.fact, d.current, d.fact->>'source' AS source, d.fact->>'sourceId' AS source_id,
         d.fact->>'kind' AS kind, d.subject_type, d.subject_value, md5(d.fact::text)::uuid AS version_hash,
         CASE WHEN NOT d.current OR d.fact->>'kind' = 'child' THEN NULL
              WHEN d.subject_type = 'childId' THEN (SELECT c.child_id FROM child c WHERE c.child_id = d.subject_value)
              ELSE (SELECT i.child_id FROM child_identifier i WHERE i.type = d.subject_type AND i.value = d.subject_value)
         END AS child_id
  FROM ROWS FROM (
    jsonb_array_elements(${JSON.stringify(versions.map((v) => v.fact))}::jsonb),
    unnest(${versions.map((v) => v.current)}::boolean[]),
    unnest(${versions.map((v) => v.subjectType)}::text[]),
    unnest(${versions.map((v) => v.subjectValue)}::text[])
  ) WITH ORDINALITY AS d(fact, current, subject_type, subject_value, n)
`

const COLUMNS = sql`source, source_id, kind, recorded_at, withdrawn, content, version_hash, is_current,
                    subject_type, subject_value, child_id, ingest_run_id, received_at`

const valuesFrom = (run: IngestRun) => sql`
  source, source_id, kind, (fact->>'recordedAt')::timestamptz, coalesce((fact->>'withdrawn')::boolean, false),
  fact, version_hash, current, subject_type, subject_value, child_id,
  ${run.id}::bigint, date_trunc('milliseconds', ${run.receivedAt}::timestamptz)
`

/**
 * Versions of facts that have none stored yet: nothing can clash, so a plain
 * insert (no conflict check, the cost of which is a second pass over the
 * unique index per row). Returns the link of each current version, by fact.
 */
export const insertFirstVersions = async (
  trx: Transaction<Database>,
  versions: readonly VersionToInsert[],
  run: IngestRun,
): Promise<readonly { readonly source: string; readonly sourceId: string; readonly childId: string | null }[]> => {
  if (versions.length === 0) return []
  const { rows } = await sql<{ source: string; source_id: string; child_id: string | null; is_current: boolean }>`
    INSERT INTO fact_version (${COLUMNS})
    SELECT ${valuesFrom(run)} FROM (${linkedDoc(versions)}) AS linked
    RETURNING source, source_id, child_id, is_current
  `.execute(trx)
  return rows.filter((r) => r.is_current).map((r) => ({ source: r.source, sourceId: r.source_id, childId: r.child_id }))
}

/**
 * Versions of facts that already have some: a version already in history is
 * skipped by the unique key (which also makes concurrent re-sends harmless).
 * Returns, by position, the versions stored.
 */
export const insertVersions = async (
  trx: Transaction<Database>,
  versions: readonly VersionToInsert[],
  run: IngestRun,
): Promise<readonly InsertedVersion[]> => {
  if (versions.length === 0) return []
  const { rows } = await sql<{ n: number; id: string; child_id: string | null }>`
    WITH linked AS MATERIALIZED (${linkedDoc(versions)}),
    stored AS (
      INSERT INTO fact_version (${COLUMNS})
      SELECT ${valuesFrom(run)} FROM linked
      ON CONFLICT (source, source_id, version_hash) DO NOTHING
      RETURNING id, source, source_id, version_hash, child_id
    )
    SELECT linked.n, stored.id, stored.child_id
    FROM linked JOIN stored
      ON stored.source = linked.source AND stored.source_id = linked.source_id AND stored.version_hash = linked.version_hash
  `.execute(trx)
  return rows.map((r) => ({ index: r.n, id: r.id, childId: r.child_id }))
}

/**
 * Makes a version already in history current again (a new current version
 * that, unusually, had been received before) and links it. Returns its link.
 */
export const promoteStoredVersion = async (
  trx: Transaction<Database>,
  version: VersionToInsert,
): Promise<{ readonly childId: string | null } | undefined> => {
  const { rows } = await sql<{ child_id: string | null }>`
    UPDATE fact_version f SET is_current = true, child_id = CASE WHEN f.kind = 'child' THEN NULL ELSE coalesce(
      (SELECT c.child_id FROM child c WHERE f.subject_type = 'childId' AND c.child_id = f.subject_value),
      (SELECT i.child_id FROM child_identifier i WHERE f.subject_type <> 'childId' AND i.type = f.subject_type AND i.value = f.subject_value)
    ) END
    WHERE f.source = ${version.fact.source} AND f.source_id = ${version.fact.sourceId}
      AND f.version_hash = md5(${JSON.stringify(version.fact)}::jsonb::text)::uuid
    RETURNING f.child_id
  `.execute(trx)
  const row = rows[0]
  return row === undefined ? undefined : { childId: row.child_id }
}
