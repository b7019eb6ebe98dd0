/**
 * Children whose stored flags may be behind their facts (RELIABILITY R1, R2:
 * after a crash and a re-send, flags equal a clean run's). Ingest marks the
 * children a batch changed in the batch's own transaction; scoring clears the
 * marks it read once it has stored their flags. A process killed between the
 * commit and the end of scoring leaves its marks, so the next ingest (an
 * unchanged re-send included) finishes that work. A mark names the run that
 * made it, so that clearing an older mark never clears a newer one.
 * Frozen in time: Kysely<any>, plain SQL.
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE score_pending (child_id text PRIMARY KEY, ingest_run_id bigint NOT NULL)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE score_pending`.execute(db)
}
