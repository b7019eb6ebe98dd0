/**
 * Scratch tables of one batch, private to the database session and empty at
 * the start of every transaction (ON COMMIT DELETE ROWS; a rollback takes
 * their rows with it). They hold what the end of the batch needs on the
 * database side rather than in memory, so a file of any size needs only one
 * chunk in memory at a time. They stay small: only child records and
 * unmatched facts are noted, not every fact of the batch.
 * - `ingest_scratch_child_key`: child records the batch stored, with the
 *   line that speaks for them (a later clash with one names it);
 * - `ingest_scratch_unmatched`: facts of the batch no child identified when
 *   they were written (the batch's child records may still link them);
 * - `ingest_scratch_affected`: children whose facts or record changed.
 *
 * Every read of them is a probe by key, never a scan: they grow with the
 * batch, and a per-chunk scan would make a batch's time grow with its square.
 */
import { sql, type Transaction } from 'kysely'
import type { Database } from '../database/database'

/**
 * Makes the scratch tables, once per session. They used to be made and
 * dropped (ON COMMIT DROP) by every batch: writing and deleting their catalog
 * rows was the largest part of a one-fact batch on the server (6.7 ms of
 * about 17 ms a POST, on a 2-core VM). The three are made in one transaction,
 * so one present means all are.
 */
export const ensureBatchScratch = async (trx: Transaction<Database>): Promise<void> => {
  const { rows } = await sql<{ present: boolean }>`
    SELECT to_regclass('pg_temp.ingest_scratch_affected') IS NOT NULL AS present
  `.execute(trx)
  if (rows[0]?.present === true) return
  await sql`
    CREATE TEMP TABLE ingest_scratch_child_key (
      source text COLLATE "C" NOT NULL,
      source_id text COLLATE "C" NOT NULL,
      line integer NOT NULL,
      PRIMARY KEY (source, source_id)
    ) ON COMMIT DELETE ROWS
  `.execute(trx)
  await sql`
    CREATE TEMP TABLE ingest_scratch_unmatched (
      source text COLLATE "C" NOT NULL,
      source_id text COLLATE "C" NOT NULL,
      is_new boolean NOT NULL,
      PRIMARY KEY (source, source_id)
    ) ON COMMIT DELETE ROWS
  `.execute(trx)
  await sql`
    CREATE TEMP TABLE ingest_scratch_affected (child_id text COLLATE "C" PRIMARY KEY) ON COMMIT DELETE ROWS
  `.execute(trx)
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
