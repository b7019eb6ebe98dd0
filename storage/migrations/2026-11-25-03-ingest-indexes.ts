/**
 * Ingest writes every row of a city once, and pays for each index and check
 * on each row (bench:ingest). Two cost it and serve nothing:
 * - `fact_version_kind_idx`: no query reads current facts by kind (scoring
 *   reads a child's facts by subject or link, the unmatched list has its own
 *   index); kept up, it was one more index entry per fact;
 * - the foreign key from `child_identifier` to `child`: ingest is the only
 *   writer of both and writes them together in one statement; the check was
 *   a locking probe of `child` per identifier. Releasing a record deletes
 *   its identifiers itself (so does retention), rather than by cascade.
 * Frozen in time: Kysely<any>, plain SQL.
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX fact_version_kind_idx`.execute(db)
  await sql`ALTER TABLE child_identifier DROP CONSTRAINT child_identifier_child_id_fkey`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  // Rebuilding over a stored city takes longer than the pool's statement timeout.
  await sql`SELECT set_config('statement_timeout', '600s', true)`.execute(db)
  await sql`
    ALTER TABLE child_identifier ADD CONSTRAINT child_identifier_child_id_fkey
    FOREIGN KEY (child_id) REFERENCES child (child_id) ON DELETE CASCADE
  `.execute(db)
  await sql`CREATE INDEX fact_version_kind_idx ON fact_version (kind) WHERE is_current`.execute(db)
}
