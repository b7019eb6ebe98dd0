/**
 * Writes a phase's chunks (each syncing its own child records).
 *
 * Chunks overlap by one: the versions held for chunk k+1 are read before
 * chunk k is written, so that resolving chunk k+1 (JavaScript) runs while
 * the database writes chunk k. That is only sound when the two chunks share
 * no fact; when they do (a stream may split a fact's lines), chunk k is
 * written first. (Chunk k's child records may link a stored fact of chunk
 * k+1 meanwhile; only the link read with it goes stale, and the counts that
 * use it are taken again from the final state at the end of the batch.)
 */
import type { Transaction } from 'kysely'
import type { NumberedFact } from '../../engine/batch/decode-batch'
import type { Database } from '../database/database'
import type { ResolvedFact } from './chunk-notes'
import { countOutcomes, type IngestCounts } from './ingest-counts'
import { BatchRefused } from './batch-refused'
import { groupByFact, loadHeldFor, resolveChunk, writeChunk, type NotedChildren, type WrittenChunk } from './ingest-chunk'
import { relinkTouchedFacts } from './relink-facts'
import { syncChildren } from './sync-children'
import type { IngestRun } from './write-versions'

export type Chunks = AsyncIterable<readonly NumberedFact[]> | Iterable<readonly NumberedFact[]>

interface Prepared {
  readonly keys: ReadonlySet<string>
  readonly facts: readonly ResolvedFact[]
}

const NOTHING: Promise<WrittenChunk> = Promise.resolve({ outcomes: [], linked: 0 })

const add = (counts: IngestCounts, written: WrittenChunk): IngestCounts => {
  const next = countOutcomes(counts, written.outcomes)
  return { ...next, linked: next.linked + written.linked }
}

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
      next = add(next, await writeChunk(trx, pending.facts, run, noted))
      pending = undefined
    }
    const held = loadHeldFor(trx, groups)
    const writing = pending === undefined ? NOTHING : writeChunk(trx, pending.facts, run, noted)
    const [facts, written] = await Promise.all([held.then((h) => resolveChunk(groups, h)), writing])
    next = add(next, written)
    pending = { keys, facts }
  }
  if (pending !== undefined) next = add(next, await writeChunk(trx, pending.facts, run, noted))
  // Each chunk synced its own child records; this catches nothing unless a chunk left some.
  const conflicts = await syncChildren(trx)
  if (conflicts.length > 0) throw new BatchRefused(conflicts)
  return { ...next, linked: next.linked + (await relinkTouchedFacts(trx)) }
}
