/**
 * `fact_version.content` becomes `json`: the text of each version as
 * written, which the server keeps without parsing it into jsonb. Ingest
 * writes every new version in jsonb's own text form (`jsonb-text.ts`),
 * so a stored version's text, and its hash `md5(content::text)`, stay what
 * they were: the column is converted through that same text. COPY into
 * fact_version no longer builds a jsonb of each fact and prints it back to
 * hash it (bench:ingest: a third of the copy's server time), and reading
 * facts no longer prints every one (scoring reads the whole city).
 *
 * What reads a field in SQL (`content->>'field'`, retention's clocks) works
 * on json as on jsonb. One statement, so `fact_version` is rewritten once;
 * the hash column is dropped and computed again, the same values, because a
 * column a generated column reads cannot change type under it.
 * Frozen in time: Kysely<any>, plain SQL.
 */
import { sql, type Kysely } from 'kysely'

const withHashOf = async (db: Kysely<any>, type: 'json' | 'jsonb'): Promise<void> => {
  await sql`SELECT set_config('statement_timeout', '3600s', true)`.execute(db)
  await sql`
    ALTER TABLE fact_version
      DROP COLUMN version_hash,
      ALTER COLUMN content TYPE ${sql.raw(type)} USING content::text::${sql.raw(type)},
      ADD COLUMN version_hash uuid NOT NULL GENERATED ALWAYS AS (md5(content::text)::uuid) STORED
  `.execute(db)
  await sql`
    ALTER TABLE fact_version ADD CONSTRAINT fact_version_key_hash_unique UNIQUE (source, source_id, version_hash)
  `.execute(db)
}

export async function up(db: Kysely<any>): Promise<void> {
  await withHashOf(db, 'json')
}

export async function down(db: Kysely<any>): Promise<void> {
  await withHashOf(db, 'jsonb')
}
