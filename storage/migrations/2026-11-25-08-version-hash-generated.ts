/**
 * A version's hash is computed by the database from the content it stores,
 * as a stored generated column: the same `md5(content::text)` ingest
 * computed in each insert until now, so every stored hash keeps its value.
 * Ingest can then write new versions with COPY (which takes values, not
 * expressions) and still refuse the same version twice: the unique key is
 * checked after the column is computed. Rebuilds `fact_version` once (the
 * column is added again), hence the raised statement timeout.
 * Frozen in time: Kysely<any>, plain SQL.
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await sql`SELECT set_config('statement_timeout', '3600s', true)`.execute(db)
  await sql`ALTER TABLE fact_version DROP CONSTRAINT fact_version_key_hash_unique`.execute(db)
  await sql`ALTER TABLE fact_version DROP COLUMN version_hash`.execute(db)
  await sql`
    ALTER TABLE fact_version
    ADD COLUMN version_hash uuid NOT NULL GENERATED ALWAYS AS (md5(content::text)::uuid) STORED
  `.execute(db)
  await sql`
    ALTER TABLE fact_version ADD CONSTRAINT fact_version_key_hash_unique UNIQUE (source, source_id, version_hash)
  `.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`SELECT set_config('statement_timeout', '3600s', true)`.execute(db)
  await sql`ALTER TABLE fact_version ADD COLUMN version_hash_plain uuid`.execute(db)
  await sql`UPDATE fact_version SET version_hash_plain = version_hash`.execute(db)
  await sql`ALTER TABLE fact_version DROP CONSTRAINT fact_version_key_hash_unique`.execute(db)
  await sql`ALTER TABLE fact_version DROP COLUMN version_hash`.execute(db)
  await sql`ALTER TABLE fact_version RENAME COLUMN version_hash_plain TO version_hash`.execute(db)
  await sql`ALTER TABLE fact_version ALTER COLUMN version_hash SET NOT NULL`.execute(db)
  await sql`
    ALTER TABLE fact_version ADD CONSTRAINT fact_version_key_hash_unique UNIQUE (source, source_id, version_hash)
  `.execute(db)
}
