/**
 * (c)'s database: the city's decoded lines ingested by our own ingest
 * (`ingestChunks`, 5,000-line chunks in file order) into a database of the
 * script's own (`ew_engines_<random>`, dropped at the end by the cleanup),
 * then the one query run on a connection of its own. Loading is timed apart
 * and is not part of the query's figure.
 */
import * as E from 'fp-ts/Either'
import type { Client } from 'pg'
import type { NumberedFact } from '../../engine/batch/decode-batch'
import type { FactVersion, IsoDate } from '../../engine/facts/fact'
import { DEFAULT_CHUNK_SIZE } from '../../storage/ingest/chunk-by-fact'
import { ingestChunks } from '../../storage/ingest/ingest-batch'
import type { BenchDatabase } from '../support/bench-database'
import type { FlagList } from './flag-sets'
import { listFlags, newFlagList } from './flag-sets'

function* chunksOf(versions: readonly FactVersion[]): Generator<readonly NumberedFact[]> {
  for (let at = 0; at < versions.length; at += DEFAULT_CHUNK_SIZE) {
    yield versions.slice(at, at + DEFAULT_CHUNK_SIZE).map((fact, i) => ({ line: at + i + 1, fact }))
  }
}

/** Ingests the lines; throws when the batch is refused (a generated city never is). */
export const storeVersions = async (database: BenchDatabase, versions: readonly FactVersion[]): Promise<void> => {
  const ingested = await ingestChunks(database.db, chunksOf(versions), { receivedAt: new Date().toISOString(), label: 'bench:engines' })
  if (E.isLeft(ingested)) throw new Error(`the generated city was refused (${ingested.left.length} errors)`)
}

interface FlagRow {
  readonly child_id: string
  readonly flags: string
}

/** Runs the query; its rows become a FlagList, as the other implementations hand back (the flags come back joined). */
export const sqlFlags = async (client: Client, query: string, asOf: IsoDate): Promise<FlagList> => {
  const { rows } = await client.query<FlagRow>(query, [asOf])
  const list = newFlagList()
  for (const row of rows) listFlags(list, row.child_id, row.flags.split(','))
  return list
}
