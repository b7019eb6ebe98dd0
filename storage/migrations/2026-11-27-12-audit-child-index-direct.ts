/**
 * `audit_event_child_ids_idx` (GIN, "who viewed child X") takes each row's
 * childIds straight into its tree (`fastupdate = off`) instead of through
 * GIN's pending list. With the list, an insert is cheap until the list
 * passes `gin_pending_list_limit` (4 MB), and then the insert that passes
 * it merges the whole list into the tree while holding the audit chain's
 * lock: every child-level read waits for its audit row, so every read in
 * flight waited with it. On a 2-core VM at 2.1 GHz one insert in about
 * 120,000 one-child rows took 456–537 ms; with the list off, the same rows
 * cost the server the same CPU (0.079–0.085 ms a row against 0.071–0.108)
 * and no insert took over 21 ms. A cohort page's row (100 childIds) costs
 * about 0.1–0.2 ms more, with no 330–420 ms merges (bench/HISTORY.md,
 * 2026-11-27, a ninth VM). Queries by child no longer scan the list either.
 *
 * What the list holds when this runs is merged now, so that no later
 * insert is left to do it. Frozen in time: Kysely<any>, plain SQL.
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER INDEX audit_event_child_ids_idx SET (fastupdate = off)`.execute(db)
  await sql`SELECT gin_clean_pending_list('audit_event_child_ids_idx'::regclass)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER INDEX audit_event_child_ids_idx RESET (fastupdate)`.execute(db)
}
