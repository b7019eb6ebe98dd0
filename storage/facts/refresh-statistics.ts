/**
 * Scoring reads the tables an ingest has just filled, often before
 * autovacuum has looked at them (it wakes once a minute, and never for a
 * table it has no counts for yet). Without statistics the planner takes a
 * big table for a small one and reads a page of children by scanning the
 * whole table, once a page. So scoring first does what autovacuum's default
 * rule would do soon: ANALYZE each table it reads that was never analyzed or
 * has changed by more than 10% (plus 50 rows) since. Seconds after a big
 * ingest; one cheap catalog query otherwise.
 */
import { sql, type Kysely } from 'kysely'
import type { Database } from '../database/database'
import { allowLongStatements } from '../database/long-transaction'

/** What scoring reads: facts, children and their identifiers, and the flags it compares with. */
const SCORING_TABLES = ['fact_version', 'child', 'child_identifier', 'flag_state', 'child_score'] as const

/** The tables analyzed (none when their statistics were fresh). */
export const refreshStaleStatistics = async (db: Kysely<Database>): Promise<readonly string[]> => {
  const { rows } = await sql<{ relname: string }>`
    SELECT c.relname
    FROM unnest(${[...SCORING_TABLES]}::text[]) AS t(name)
    JOIN pg_class c ON c.oid = to_regclass(t.name)
    LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid
    WHERE c.reltuples < 0 OR coalesce(s.n_mod_since_analyze, 0) > 50 + 0.1 * c.reltuples
    ORDER BY c.relname
  `.execute(db)
  const stale = rows.map((r) => r.relname)
  if (stale.length === 0) return stale
  await db.transaction().execute(async (trx) => {
    await allowLongStatements(trx)
    await sql`ANALYZE ${sql.join(stale.map((name) => sql.table(name)))}`.execute(trx)
  })
  return stale
}
