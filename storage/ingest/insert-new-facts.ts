/**
 * The common case of every chunk: first versions of facts other than child
 * records (nothing held, nothing can clash). One statement stores them and
 * writes what the end of the batch needs about them into the scratch tables:
 * - a current version that counts and that no child identifies waits as
 *   unmatched, new to this batch;
 * - the child each current version is linked to is affected (the fact is
 *   new, so its content changed).
 * Nothing comes back, so Node has nothing to read per row, and the database
 * can go on while the next chunk is prepared.
 */
import { sql, type Transaction } from 'kysely'
import type { Database } from '../database/database'
import { linkedVersions, VERSION_COLUMNS, versionValues, type IngestRun, type VersionPayload } from './version-rows'

export const insertNewFacts = async (trx: Transaction<Database>, payload: VersionPayload, run: IngestRun): Promise<void> => {
  if (payload.versions.length === 0) return
  await sql`
    WITH stored AS (
      INSERT INTO fact_version (${VERSION_COLUMNS})
      SELECT ${versionValues(run)} FROM (${linkedVersions(payload)}) AS linked
      RETURNING source, source_id, kind, withdrawn, is_current, child_id
    ),
    unmatched AS (
      INSERT INTO pg_temp.ingest_scratch_unmatched (source, source_id, is_new)
      SELECT source, source_id, true FROM stored
      WHERE is_current AND child_id IS NULL AND kind <> 'child' AND NOT withdrawn
      ON CONFLICT (source, source_id) DO NOTHING
    )
    INSERT INTO pg_temp.ingest_scratch_affected (child_id)
    SELECT DISTINCT child_id FROM stored WHERE is_current AND child_id IS NOT NULL
    ON CONFLICT DO NOTHING
  `.execute(trx)
}
