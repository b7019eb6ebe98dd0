/**
 * Ingests one batch (SPEC §2): all of it in one transaction, or none of it.
 *
 * The unit is the batch; memory is bounded by a chunk, not the batch. Lines
 * are written chunk by chunk as they come, inside the one transaction, and
 * what the end of the batch needs is kept in the transaction's scratch
 * tables. So a file of any size can be ingested from a stream
 * (`ingestChunks`) and still be refused as a whole when a child record
 * clashes at the end.
 *
 * Each chunk writes its child records first and syncs them at once, linking
 * again the stored facts that name their old or new ids; then its other
 * facts, each linked to its child as it is written. A record whose claims
 * clash waits for the end of the batch (a later chunk may release what it
 * claims) and is synced again then; a clash left then refuses the whole
 * batch, naming every clash and both records of each. `ingestBatch` has
 * the whole batch in hand, so it writes all child records in a first
 * phase, and the other facts find their children in place whatever the
 * line order.
 *
 * Counts do not depend on line order. They can depend on chunking only when
 * one fact's lines are split across chunks of a stream (then an older line in
 * a later chunk is `superseded` rather than the newer one a `correction`);
 * the stored result never does.
 */
import * as E from 'fp-ts/Either'
import type { Kysely } from 'kysely'
import type { NumberedFact } from '../../engine/batch/decode-batch'
import type { Database } from '../database/database'
import { allowLongStatements, LOCK_KEY } from '../database/long-transaction'
import { readyBatchScratch } from './batch-scratch'
import { chunkChildRecordsFirst, DEFAULT_CHUNK_SIZE } from './chunk-by-fact'
import { NO_COUNTS, type IngestCounts } from './ingest-counts'
import type { BatchNotes } from './ingest-chunk'
import type { IngestError } from './ingest-error'
import { BatchRefused } from './batch-refused'
import { ingestPhase, type Chunks } from './ingest-phase'
import { finishBatch } from './finish-batch'
import { startIngestRun } from './ingest-run-record'
import { syncWaitingRecords, WaitingRecords } from './waiting-records'

export interface IngestOptions {
  /** When the batch was received: an ISO instant, read once at the edge. */
  readonly receivedAt: string
  /** Where it came from (a file name, `api`), for the run record. */
  readonly label?: string
  /** Child records whose claims may wait at once for the end of the batch (./waiting-records); more refuse the batch. */
  readonly waitingLimit?: number
}

export interface IngestResult {
  readonly runId: string
  readonly counts: IngestCounts
  /** Children (with a current record) whose facts or record changed: score them again. Sorted. */
  readonly changedChildIds: readonly string[]
  /** Children whose record went away in this batch: their stored flags no longer apply. Sorted. */
  readonly removedChildIds: readonly string[]
}

const ingestPhases = async (
  db: Kysely<Database>,
  phases: readonly Chunks[],
  options: IngestOptions,
): Promise<E.Either<readonly IngestError[], IngestResult>> => {
  try {
    const result = await db.transaction().execute(async (trx) => {
      await allowLongStatements(trx)
      await readyBatchScratch(trx, { lock: LOCK_KEY.ingest })
      const run = await startIngestRun(trx, options)
      let counts = NO_COUNTS
      const batch: BatchNotes = { affected: new Set(), waiting: new WaitingRecords(options.waitingLimit), unlinked: new Set() }
      for (const chunks of phases) counts = await ingestPhase(trx, chunks, run, counts, batch)
      const linked = await syncWaitingRecords(trx, batch.waiting, run.id, batch.unlinked)
      const finished = await finishBatch(trx, run, { ...counts, linked: counts.linked + linked })
      return { runId: run.id, counts: finished.counts, changedChildIds: finished.changed, removedChildIds: finished.removed }
    })
    return E.right(result)
  } catch (error) {
    if (error instanceof BatchRefused) return E.left(error.errors)
    throw error
  }
}

/**
 * Ingests a batch that arrives in chunks (a large file read line by line).
 * If the chunk source throws, the transaction rolls back and the error is
 * rethrown: a reader that finds bad lines part-way through a file stops the
 * batch that way.
 */
export const ingestChunks = (
  db: Kysely<Database>,
  chunks: Chunks,
  options: IngestOptions,
): Promise<E.Either<readonly IngestError[], IngestResult>> => ingestPhases(db, [chunks], options)

export const ingestBatch = (
  db: Kysely<Database>,
  facts: readonly NumberedFact[],
  options: IngestOptions & { readonly chunkSize?: number },
): Promise<E.Either<readonly IngestError[], IngestResult>> =>
  ingestPhases(db, chunkChildRecordsFirst(facts, options.chunkSize ?? DEFAULT_CHUNK_SIZE), options)
