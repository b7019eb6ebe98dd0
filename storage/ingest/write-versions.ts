/**
 * Multi-row writes of one chunk into `fact_version`: the current flag moves
 * off the versions being replaced, then the new versions go in, the new
 * current ones linked there and then to the child their subject names.
 * A few statements per chunk, whatever its size.
 */
import { sql, type Transaction } from 'kysely'
import type { Database } from '../database/database'
import {
  linkedVersions,
  VERSION_COLUMNS,
  versionValues,
  type IngestRun,
  type VersionPayload,
  type VersionToInsert,
} from './version-rows'

/** Takes the current flag (and the link) off versions that are being replaced. */
export const demoteVersions = async (trx: Transaction<Database>, ids: readonly string[]): Promise<void> => {
  if (ids.length === 0) return
  await sql`
    UPDATE fact_version SET is_current = false, child_id = NULL WHERE id = ANY(${[...ids]}::bigint[])
  `.execute(trx)
}

export interface InsertedVersion {
  /** Position in the list given. */
  readonly index: number
  readonly childId: string | null
}

/**
 * Versions of facts that already have some: a version already in history is
 * skipped by the unique key (which also makes concurrent re-sends harmless).
 * Returns, by position in the payload, the versions stored.
 */
export const insertVersions = async (
  trx: Transaction<Database>,
  payload: VersionPayload,
  run: IngestRun,
): Promise<readonly InsertedVersion[]> => {
  if (payload.versions.length === 0) return []
  const { rows } = await sql<{ n: number; child_id: string | null }>`
    WITH linked AS MATERIALIZED (${linkedVersions(payload)}),
    stored AS (
      INSERT INTO fact_version (${VERSION_COLUMNS})
      SELECT ${versionValues(run)} FROM linked
      ON CONFLICT (source, source_id, version_hash) DO NOTHING
      RETURNING source, source_id, version_hash, child_id
    )
    SELECT linked.n, stored.child_id
    FROM linked JOIN stored
      ON stored.source = linked.source AND stored.source_id = linked.source_id
     AND stored.version_hash = md5(linked.fact::text)::uuid
  `.execute(trx)
  return rows.map((r) => ({ index: r.n, childId: r.child_id }))
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
