/**
 * Writes a phase's chunks (each syncing its own child records and linking
 * again the facts they touch).
 *
 * The database stores chunk k's new facts (its longest statement) while
 * this process works on what comes next, so that neither waits for the
 * other more than it must:
 * - chunk k+1, whose held versions were read before chunk k was written, is
 *   resolved and its new facts serialised;
 * - chunk k+2 is taken from the source (read and decoded, for a file), and
 *   its held versions are asked for at once, queued behind chunk k's copy, so
 *   the answer is there when chunk k+1 has been written.
 * Reading ahead is only sound when the chunks share no fact; when they do (a
 * stream may split a fact's lines), the one before is written first and the
 * held versions are read after it. (Chunk k+1's child records may link a
 * stored fact of chunk k+2 meanwhile; only the link read with it goes stale,
 * and the counts that use it are taken again from the final state at the end
 * of the batch.)
 */
import type { Transaction } from 'kysely'
import type { NumberedFact } from '../../engine/batch/decode-batch'
import type { Database } from '../database/database'
import { inFlight } from '../database/in-flight'
import { countOutcomes, type IngestCounts } from './ingest-counts'
import type { HeldVersion } from './load-held-versions'
import {
  groupByFact,
  loadHeldFor,
  resolveChunk,
  writeChunk,
  type FactLines,
  type BatchNotes,
  type PreparedChunk,
  type WrittenChunk,
} from './ingest-chunk'
import type { IngestRun } from './version-rows'

export type Chunks = AsyncIterable<readonly NumberedFact[]> | Iterable<readonly NumberedFact[]>

/** A chunk taken from the source, its lines grouped by fact. */
interface Pulled {
  readonly groups: readonly FactLines[]
  readonly keys: ReadonlySet<string>
}

interface Prepared {
  readonly keys: ReadonlySet<string>
  readonly chunk: PreparedChunk
}

const add = (counts: IngestCounts, written: WrittenChunk): IngestCounts => {
  const next = countOutcomes(counts, written.outcomes)
  return { ...next, linked: next.linked + written.linked }
}

const shareAFact = (a: ReadonlySet<string>, b: ReadonlySet<string> | undefined): boolean => {
  if (b === undefined) return false
  for (const key of a) if (b.has(key)) return true
  return false
}

const iterate = (chunks: Chunks): AsyncIterator<readonly NumberedFact[]> | Iterator<readonly NumberedFact[]> =>
  Symbol.asyncIterator in chunks ? chunks[Symbol.asyncIterator]() : chunks[Symbol.iterator]()

export const ingestPhase = async (
  trx: Transaction<Database>,
  chunks: Chunks,
  run: IngestRun,
  counts: IngestCounts,
  batch: BatchNotes,
): Promise<IngestCounts> => {
  const source = iterate(chunks)
  const pull = async (): Promise<Pulled | undefined> => {
    const next = await source.next()
    if (next.done === true) return undefined
    const groups = groupByFact(next.value)
    return { groups, keys: new Set(groups.map((g) => g.key)) }
  }
  let total = counts
  let pending: Prepared | undefined
  try {
    let current = await pull()
    let heldForCurrent: Promise<ReadonlyMap<string, HeldVersion>> | undefined
    while (current !== undefined) {
      const pulled: Pulled = current
      if (pending !== undefined && shareAFact(pulled.keys, pending.keys)) {
        total = add(total, await writeChunk(trx, pending.chunk, run, batch))
        pending = undefined
      }
      // Sent before the pending chunk's statements, so it is answered by the time that chunk stores its new facts.
      const held = heldForCurrent ?? inFlight(loadHeldFor(trx, pulled.groups))
      heldForCurrent = undefined
      const before = pending
      let prepared: PreparedChunk | undefined
      let following: Pulled | undefined
      const workAhead = async (): Promise<void> => {
        // The next request first, so that the database has it in hand when the copy ends.
        following = await pull()
        if (following !== undefined && !shareAFact(following.keys, pulled.keys) && !shareAFact(following.keys, before?.keys)) {
          heldForCurrent = inFlight(loadHeldFor(trx, following.groups))
        }
        prepared = resolveChunk(pulled.groups, await held)
      }
      if (before === undefined) await workAhead()
      else total = add(total, await writeChunk(trx, before.chunk, run, batch, workAhead))
      if (prepared === undefined) throw new Error('a chunk was written before the next one was prepared')
      pending = { keys: pulled.keys, chunk: prepared }
      current = following
    }
    // Each chunk synced its own child records and linked again what they touched: only records whose claims clashed wait for the end.
    if (pending !== undefined) total = add(total, await writeChunk(trx, pending.chunk, run, batch))
    return total
  } catch (error) {
    // A source that is still open (a file being read) is closed; the batch's own error is the one reported.
    await Promise.resolve(source.return?.()).catch(() => undefined)
    throw error
  }
}
