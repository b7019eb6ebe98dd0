/**
 * `fact_version_subject_idx` keeps only the current facts that the child
 * index cannot find by their subject: those naming an agency identifier,
 * those naming a childId they are not linked to (waiting unmatched), and
 * withdrawn ones. A fact naming a childId and linked to it (most facts:
 * 88% of the bench city's) is found by `fact_version_child_idx` under
 * the same value, so the subject index no longer holds it twice.
 *
 * Relinking (storage/ingest/relink-facts.ts) is the one reader of the
 * subject index; it probes both indexes, whose predicates split the facts
 * it wants into two parts with none in both. Written with every version,
 * the index held 796,574 entries of the bench city (19 MB), now 98,710
 * (3 MB): a COPY of the city's 917,957 versions into a copy of
 * `fact_version` with its five indexes took the server 12.1 s of CPU
 * instead of 14.2 s, and 16.8 s instead of 19.7 s (medians of six and of
 * eight, taking turns; bench/HISTORY.md, 2026-11-27, an Intel VM at 2.1 GHz).
 *
 * Built without CONCURRENTLY: migrations run in a transaction. The old index
 * goes only once the new one is built. Frozen in time: Kysely<any>, plain SQL.
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await sql`SELECT set_config('statement_timeout', '3600s', true)`.execute(db)
  await sql`
    CREATE INDEX fact_version_subject_unlinked_idx ON fact_version (subject_type, subject_value)
    WHERE is_current AND kind <> 'child'
      AND (subject_type <> 'childId' OR child_id IS DISTINCT FROM subject_value OR withdrawn)
  `.execute(db)
  await sql`DROP INDEX fact_version_subject_idx`.execute(db)
  await sql`ALTER INDEX fact_version_subject_unlinked_idx RENAME TO fact_version_subject_idx`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`SELECT set_config('statement_timeout', '3600s', true)`.execute(db)
  await sql`
    CREATE INDEX fact_version_subject_full_idx ON fact_version (subject_type, subject_value)
    WHERE is_current AND kind <> 'child'
  `.execute(db)
  await sql`DROP INDEX fact_version_subject_idx`.execute(db)
  await sql`ALTER INDEX fact_version_subject_full_idx RENAME TO fact_version_subject_idx`.execute(db)
}
