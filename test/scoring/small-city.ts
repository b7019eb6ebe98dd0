/**
 * A small generated city, stored through the real ingest, and the same city
 * linked in memory the way file-based `evaluate` links it: what scoring
 * stores is compared with what the engine says from the file.
 */
import * as E from 'fp-ts/Either'
import type { Kysely } from 'kysely'
import { decodeBatch } from '../../engine/batch/decode-batch'
import type { ChildFacts } from '../../engine/linking/child-facts'
import { linkFacts } from '../../engine/linking/link-facts'
import { currentFacts } from '../../engine/versions/current-version'
import { generateCity } from '../../fixtures/city/generate-city'
import type { Database } from '../../storage/database/database'
import { ingestBatch } from '../../storage/ingest/ingest-batch'

export const REFERENCE_DATE = '2026-11-24'

/** Stores a city of `children` and returns its children as file-based evaluate links them, in childId order. */
export const storeSmallCity = async (db: Kysely<Database>, children: number, seed = 'scoring'): Promise<readonly ChildFacts[]> => {
  const decoded = decodeBatch([...generateCity({ children, seed, referenceDate: REFERENCE_DATE })])
  if (E.isLeft(decoded)) throw new Error('the generated city does not decode')
  const ingested = await ingestBatch(db, decoded.right, { receivedAt: `${REFERENCE_DATE}T06:00:00.000Z` })
  if (E.isLeft(ingested)) throw new Error('the generated city was refused')
  const linked = linkFacts(currentFacts(decoded.right.map((n) => n.fact)))
  if (E.isLeft(linked)) throw new Error('the generated city does not link')
  return linked.right.children
}
