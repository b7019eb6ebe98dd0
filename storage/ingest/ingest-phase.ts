/**
 * Writes a phase's chunks, then syncs the child records they changed and
 * links again what those touched.
 *
 * Chunks overlap by one: the versions held for chunk k+1 are read before
 * chunk k is written, so that resolving chunk k+1 (JavaScript) runs while
 * the database writes chunk k. That is only sound when the two chunks share
 * no fact; when they do (a stream may split a fact's lines), chunk k is
 * written first.
 */
import type { Transaction } from 'kysely'
import type { NumberedFact } from '../../engine/batch/decode-batch'
import type { Database } from '../database/database'
import type { ResolvedFact } from './chunk-notes'
import { countOutcomes, type IngestCounts, type LineOutcome } from './ingest-counts'
import type { IngestError } from './ingest-error'
import { groupByFact, loadHeldFor, resolveChunk, writeChunk, type NotedChildren } from './ingest-chunk'
import { relinkTouchedFacts } from './relink-facts'
import { syncChildren } from './sync-children'
import type { IngestRun } from './write-versions'

export type Chunks = AsyncIterable<readonly NumberedFact[]> | Iterable<readonly NumberedFact[]>

/** Carries the clashes out of the transaction callback, so that it rolls back. */
export class BatchRefused extends Error {
  constructor(readonly errors: readonly IngestError[]) {
    super('batch refused')
  }
}

interface Prepared {
  readonly keys: ReadonlySet<string>
  readonly facts: readonly ResolvedFact[]
}

const NOTHING: Promise<readonly LineOutcome[]> = Promise.resolve([])

export const ingestPhase = async (
  trx: Transaction<Database>,
  chunks: Chunks,
  run: IngestRun,
  counts: IngestCounts,
  noted: NotedChildren,
): Promise<IngestCounts> => {
  let next = counts
  let pending: Prepared | undefined
  for await (const chunk of chunks) {
    const groups = groupByFact(chunk)
    const keys = new Set(groups.map((g) => g.key))
    if (pending !== undefined && groups.some((g) => pending?.keys.has(g.key))) {
      next = countOutcomes(next, await writeChunk(trx, pending.facts, run, noted))
      pending = undefined
    }
    const held = loadHeldFor(trx, groups)
    const writing = pending === undefined ? NOTHING : writeChunk(trx, pending.facts, run, noted)
    const [facts, outcomes] = await Promise.all([held.then((h) => resolveChunk(groups, h)), writing])
    next = countOutcomes(next, outcomes)
    pending = { keys, facts }
  }
  if (pending !== undefined) next = countOutcomes(next, await writeChunk(trx, pending.facts, run, noted))
  const conflicts = await syncChildren(trx)
  if (conflicts.length > 0) throw new BatchRefused(conflicts)
  return { ...next, linked: next.linked + (await relinkTouchedFacts(trx)) }
}
