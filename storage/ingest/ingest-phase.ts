/**
 * Writes a phase's chunks (each syncing its own child records and linking
 * again the facts they touch).
 *
 * Chunks overlap by one: the versions held for chunk k+1 are read before
 * chunk k is written, and chunk k+1 is resolved and its new facts
 * serialised (JavaScript) while the database stores chunk k's new facts, its
 * longest statement. That is only sound when the two chunks share no fact;
 * when they do (a stream may split a fact's lines), chunk k is written first. (Chunk k's child records may link a stored fact of chunk
 * k+1 meanwhile; only the link read with it goes stale, and the counts that
 * use it are taken again from the final state at the end of the batch.)
 */
import type { Transaction } from 'kysely'
import type { NumberedFact } from '../../engine/batch/decode-batch'
import type { Database } from '../database/database'
import { countOutcomes, type IngestCounts } from './ingest-counts'
import { groupByFact, loadHeldFor, resolveChunk, writeChunk, type NotedChildren, type PreparedChunk, type WrittenChunk } from './ingest-chunk'
import type { IngestRun } from './version-rows'

export type Chunks = AsyncIterable<readonly NumberedFact[]> | Iterable<readonly NumberedFact[]>

interface Prepared {
  readonly keys: ReadonlySet<string>
  readonly chunk: PreparedChunk
}

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
      next = add(next, await writeChunk(trx, pending.chunk, run, noted))
      pending = undefined
    }
    // Sent before chunk k's statements, so it is answered by the time chunk k stores its new facts.
    const held = loadHeldFor(trx, groups)
    // Marked as handled: if chunk k fails first, this answer is never awaited.
    held.catch(() => undefined)
    let prepared: PreparedChunk | undefined
    const prepare = async (): Promise<void> => {
      prepared = resolveChunk(groups, await held)
    }
    if (pending === undefined) await prepare()
    else next = add(next, await writeChunk(trx, pending.chunk, run, noted, prepare))
    if (prepared === undefined) throw new Error('a chunk was written before the next one was prepared')
    pending = { keys, chunk: prepared }
  }
  // Each chunk synced its own child records and linked again what they touched: nothing is left for the end.
  if (pending !== undefined) next = add(next, await writeChunk(trx, pending.chunk, run, noted))
  return next
}
