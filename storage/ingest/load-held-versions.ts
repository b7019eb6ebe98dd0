/**
 * The versions currently held for a chunk's facts, to resolve arrivals against.
 */
import * as E from 'fp-ts/Either'
import { sql, type Transaction } from 'kysely'
import { factKey, type FactVersion } from '../../engine/facts/fact'
import type { Database } from '../database/database'
import { decodeStoredVersion } from '../facts/stored-fact.codec'
import { describeErrors, storedRowInvalid, StoredRowInvalidError } from '../stored-row-error'
import type { RecordRef } from './ingest-error'

interface HeldRow {
  readonly id: string
  readonly source: string
  readonly source_id: string
  readonly child_id: string | null
  readonly content: unknown
}

export interface HeldVersion {
  readonly id: string
  readonly version: FactVersion
  /** The child the fact is linked to now (`null`: unmatched, or a child record). */
  readonly childId: string | null
}

/** Keyed by `factKey`. A held row that does not decode aborts the batch: nothing can be resolved against it. */
export const loadHeldVersions = async (
  trx: Transaction<Database>,
  refs: readonly RecordRef[],
): Promise<ReadonlyMap<string, HeldVersion>> => {
  if (refs.length === 0) return new Map()
  // One index probe per fact (LIMIT keeps the planner from scanning the
  // table it cannot yet have statistics for while a large batch fills it).
  const { rows } = await sql<HeldRow>`
    SELECT v.id, v.source, v.source_id, v.child_id, v.content
    FROM unnest(${refs.map((r) => r.source)}::text[], ${refs.map((r) => r.sourceId)}::text[]) AS k(source, source_id)
    CROSS JOIN LATERAL (
      SELECT f.id, f.source, f.source_id, f.child_id, f.content FROM fact_version f
      WHERE f.source = k.source AND f.source_id = k.source_id AND f.is_current
      LIMIT 1
    ) v
  `.execute(trx)
  const held = new Map<string, HeldVersion>()
  for (const row of rows) {
    const key = factKey({ source: row.source, sourceId: row.source_id })
    const decoded = decodeStoredVersion(row.content)
    if (E.isLeft(decoded)) {
      throw new StoredRowInvalidError(
        storedRowInvalid('fact_version', `${row.source}/${row.source_id}`, describeErrors(decoded.left)),
      )
    }
    held.set(key, { id: row.id, version: decoded.right, childId: row.child_id })
  }
  return held
}
