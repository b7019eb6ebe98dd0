/**
 * Scoring reads the city a page of children at a time, in childId order. A
 * child's facts were found by one index probe per subject it can be named by
 * (its childId and each identifier: about three a child), each landing on
 * scattered heap pages; 100,000 children cost about 300,000 probes a run.
 * With the facts that count indexed by the child they are linked to, a page
 * of children is one range scan, and facts stored together come back
 * together. Ingest keeps one more index up for current facts (measured on the
 * bench: a few per cent of its time); scoring reads the whole city every run.
 * Frozen in time: Kysely<any>, plain SQL.
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  // Building it over a city already stored takes longer than the pool's
  // statement timeout; migrations run in a transaction, which this raises
  // the limit for (set_config(…, true) is SET LOCAL).
  await sql`SELECT set_config('statement_timeout', '600s', true)`.execute(db)
  await sql`
    CREATE INDEX fact_version_child_idx ON fact_version (child_id)
    WHERE is_current AND kind <> 'child' AND NOT withdrawn
  `.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX fact_version_child_idx`.execute(db)
}
