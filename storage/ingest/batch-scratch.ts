/**
 * Scratch tables of one batch, private to the database session, made by the
 * session's first batch and emptied at the start of every batch after it.
 * They hold what the end of the batch needs on the database side rather than
 * in memory, so a file of any size needs only one chunk in memory at a time.
 * They stay small: only child records and unmatched facts are noted, not
 * every fact of the batch.
 * - `ingest_scratch_child_key`: child records the batch stored, with the
 *   line that speaks for them (a later clash with one names it);
 * - `ingest_scratch_unmatched`: facts of the batch no child identified when
 *   they were written (the batch's child records may still link them);
 * - `ingest_scratch_affected`: children whose facts or record changed.
 *
 * Every read of them is a probe by key, never a scan: they grow with the
 * batch, and a per-chunk scan would make a batch's time grow with its square.
 */
import { sql, type RawBuilder, type Transaction } from 'kysely'
import type { Database } from '../database/database'
import { LOCK_KEY } from '../database/long-transaction'

/**
 * Above this many bytes (the three tables with their indexes), a batch
 * empties them by TRUNCATE rather than DELETE: what a large batch left, and
 * the dead rows of the small batches before it, go at once.
 */
export const SCRATCH_TRUNCATE_BYTES = 256 * 1024

const TABLES = ['ingest_scratch_child_key', 'ingest_scratch_unmatched', 'ingest_scratch_affected'] as const

/**
 * One statement (a DO block, so one round trip) that makes the tables when
 * the session has none, and otherwise empties them.
 *
 * Why not ON COMMIT DELETE ROWS, which 35237b7 used: it truncates every such
 * table and rebuilds its index at every commit that touched a temporary
 * table, and on a 2-core VM that took 4.9 ms of a one-fact POST's 22 ms
 * (pgbench, one row a transaction: 9.5–11.3 ms a transaction against
 * 0.64–0.65 ms with this). DELETE leaves dead rows, which autovacuum never
 * visits on a temporary table; TRUNCATE past SCRATCH_TRUNCATE_BYTES bounds
 * them. A rollback takes the batch's rows, and a first batch's tables, with it.
 */
const readyStatement = (truncateAbove: number, lockKey?: number): RawBuilder<unknown> => {
  if (!Number.isSafeInteger(truncateAbove) || truncateAbove < 0) throw new RangeError('truncateAbove must be a whole number of bytes')
  if (lockKey !== undefined && !Number.isSafeInteger(lockKey)) throw new RangeError('lockKey must be a whole number')
  const qualified = TABLES.map((t) => `pg_temp.${t}`)
  return sql.raw(`
    DO $scratch$
    BEGIN
      ${lockKey === undefined ? '' : `PERFORM pg_advisory_xact_lock(${lockKey}::bigint);`}
      IF to_regclass('pg_temp.ingest_scratch_affected') IS NULL THEN
        CREATE TEMP TABLE ingest_scratch_child_key (
          source text COLLATE "C" NOT NULL,
          source_id text COLLATE "C" NOT NULL,
          line integer NOT NULL,
          PRIMARY KEY (source, source_id)
        );
        CREATE TEMP TABLE ingest_scratch_unmatched (
          source text COLLATE "C" NOT NULL,
          source_id text COLLATE "C" NOT NULL,
          is_new boolean NOT NULL,
          PRIMARY KEY (source, source_id)
        );
        CREATE TEMP TABLE ingest_scratch_affected (child_id text COLLATE "C" PRIMARY KEY);
      ELSIF ${qualified.map((t) => `pg_total_relation_size('${t}')`).join(' + ')} > ${truncateAbove} THEN
        TRUNCATE ${qualified.join(', ')};
      ELSE
        ${qualified.map((t) => `DELETE FROM ${t};`).join(' ')}
      END IF;
    END
    $scratch$
  `)
}

export interface ReadyOptions {
  /**
   * An advisory lock (../database/long-transaction's LOCK_KEY) to take
   * first, in the same statement: a round trip fewer for every batch. The
   * transaction's limits must be raised by a statement before this one: a
   * statement keeps the limits it started with, and a lock may be waited
   * for longer than the short ones allow.
   */
  readonly lock?: number
  /** For tests: the size above which the tables are truncated. */
  readonly truncateAbove?: number
}

/** Built once: every batch, down to a one-fact POST, runs it. */
const LOCK_AND_READY = readyStatement(SCRATCH_TRUNCATE_BYTES, LOCK_KEY.ingest)

/**
 * Makes the scratch tables, or empties them, at the start of a batch. The
 * three are made in one transaction, so one present means all are.
 */
export const readyBatchScratch = async (trx: Transaction<Database>, options: ReadyOptions = {}): Promise<void> => {
  const { lock, truncateAbove = SCRATCH_TRUNCATE_BYTES } = options
  const statement = lock === LOCK_KEY.ingest && truncateAbove === SCRATCH_TRUNCATE_BYTES ? LOCK_AND_READY : readyStatement(truncateAbove, lock)
  await statement.execute(trx)
}

export interface UnmatchedKey {
  readonly source: string
  readonly sourceId: string
  readonly isNew: boolean
}

export const noteUnmatched = async (trx: Transaction<Database>, keys: readonly UnmatchedKey[]): Promise<void> => {
  if (keys.length === 0) return
  await sql`
    INSERT INTO pg_temp.ingest_scratch_unmatched (source, source_id, is_new)
    SELECT * FROM unnest(${keys.map((k) => k.source)}::text[], ${keys.map((k) => k.sourceId)}::text[], ${keys.map((k) => k.isNew)}::boolean[])
    ON CONFLICT (source, source_id) DO NOTHING
  `.execute(trx)
}

export const noteAffected = async (trx: Transaction<Database>, childIds: readonly string[]): Promise<void> => {
  if (childIds.length === 0) return
  await sql`
    INSERT INTO pg_temp.ingest_scratch_affected (child_id)
    SELECT DISTINCT * FROM unnest(${[...childIds]}::text[])
    ON CONFLICT DO NOTHING
  `.execute(trx)
}
