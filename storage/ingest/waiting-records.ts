/**
 * Child records whose claims clashed when their chunk was synced, waiting
 * for the end of the batch. SPEC §2: the order of a batch's lines never
 * matters, so a record that claims an identifier another record holds may
 * be followed, a chunk or many later, by that record's release of it (a
 * correction, a withdrawal). The batch is refused only for the clashes left
 * when every chunk is written, and then for all of them.
 *
 * They wait in memory: a clash is rare, and a batch in which more than
 * `limit` records wait at once is refused there and then, naming the
 * clashes of those waiting, so memory stays bounded by the limit, not by
 * the batch.
 */
import type { Transaction } from 'kysely'
import { factKey } from '../../engine/facts/fact'
import type { Database } from '../database/database'
import { BatchRefused } from './batch-refused'
import type { ClaimConflict } from './ingest-error'
import { relinkTouchedFacts, type UnlinkedInBatch } from './relink-facts'
import { planSync, syncChildren, type ChangedRecord, type SyncOutcome } from './sync-children'

/**
 * Records allowed to wait at once before the batch is refused: as many as a
 * batch sent to the API may have lines (api/routes/facts.routes
 * MAX_BATCH_LINES; a test ties the two), so the API's answer never depends
 * on line order. Only a larger file given to the command line can reach it.
 */
export const DEFAULT_WAITING_LIMIT = 100_000

interface Waiting {
  readonly record: ChangedRecord
  /** The clashes that stopped it, as its sync found them. */
  readonly conflicts: readonly ClaimConflict[]
}

export class WaitingRecords {
  readonly #byKey = new Map<string, Waiting>()

  readonly #limit: number

  constructor(limit: number = DEFAULT_WAITING_LIMIT) {
    this.#limit = limit
  }

  /** A chunk changed these records again: what waited for them, clashes included, is replaced by the chunk's own sync. */
  forget(records: readonly ChangedRecord[]): void {
    for (const record of records) this.#byKey.delete(factKey(record))
  }

  /** What a sync left waiting; refuses the batch when more than the limit wait. */
  add(outcome: SyncOutcome): void {
    // Each clash goes with the records it names (the one it stopped is one of them).
    const byRecord = new Map<string, ClaimConflict[]>()
    const note = (key: string, c: ClaimConflict): void => {
      const list = byRecord.get(key)
      if (list === undefined) byRecord.set(key, [c])
      else list.push(c)
    }
    for (const c of outcome.conflicts) {
      note(factKey({ source: c.source, sourceId: c.sourceId }), c)
      note(factKey({ source: c.conflictingSource, sourceId: c.conflictingSourceId }), c)
    }
    for (const record of outcome.waiting) {
      const key = factKey(record)
      this.#byKey.set(key, { record, conflicts: byRecord.get(key) ?? [] })
    }
    if (this.#byKey.size > this.#limit) throw new BatchRefused(this.#clashes())
  }

  /** The clashes of the records waiting now, each once, in line order. */
  #clashes(): readonly ClaimConflict[] {
    const unique = new Map<string, ClaimConflict>()
    for (const { conflicts } of this.#byKey.values()) for (const c of conflicts) unique.set(c.message, c)
    return [...unique.values()].sort((a, b) => a.line - b.line)
  }

  /** Every waiting record, in line order, leaving none. */
  take(): readonly ChangedRecord[] {
    const records = [...this.#byKey.values()].map((w) => w.record).sort((a, b) => a.line - b.line)
    this.#byKey.clear()
    return records
  }
}

/**
 * Syncs the waiting records again, at the end of the batch: each is written
 * if its claims clash with nothing now, and the facts naming what it claims
 * are linked to it. Any clash left refuses the batch, naming every one.
 * Returns how many facts that waited unmatched before the batch are linked.
 */
export const syncWaitingRecords = async (
  trx: Transaction<Database>,
  waiting: WaitingRecords,
  runId: string,
  unlinked: UnlinkedInBatch,
): Promise<number> => {
  const records = waiting.take()
  if (records.length === 0) return 0
  const synced = await syncChildren(trx, planSync(records))
  if (synced.conflicts.length > 0) throw new BatchRefused(synced.conflicts)
  return relinkTouchedFacts(trx, synced.touched, runId, unlinked)
}
