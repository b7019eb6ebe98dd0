/**
 * Keeps the pending list of the audit log's child index short, off the
 * audit write's path.
 *
 * `audit_event_child_ids_idx` (GIN, "who viewed child X") gathers new
 * entries in a pending list, and the insert that fills the list (4 MB, about
 * 120,000 childIds) merges all of it into the index while it holds the audit
 * chain's lock, so every child-level read in flight waits for it: 456–537 ms
 * on a 2-core VM at 2.1 GHz, and a cohort page's row (100 childIds) fills it
 * a hundred times sooner. Turning the list off cost cohort pages 40% of their
 * throughput (bench/HISTORY.md, 2026-11-27, a ninth VM). So the list stays,
 * and the server merges it itself, on a connection of its own, each time
 * about a sixth of the list's room has been written: inserts go on while a
 * merge runs (measured: 2,324 inserts during a 0.9 s merge, none over 22 ms),
 * and none of them is left a long list to merge. 150,000 one-child rows
 * from 20 callers at once: without it 20 writes took over 100 ms (up to
 * 436–563 ms), with it none (up to 45–94 ms); 6,000 cohort-page rows: 100
 * over 100 ms without it, none with it (up to 53–69 ms).
 *
 * A merge that fails is logged and forgotten: the next insert to fill the
 * list would merge it, as before; nothing about a request depends on it.
 * `gin_clean_pending_list` needs the role to own the index: the server's
 * does, since it migrates the database itself; under a role that does not,
 * every merge fails ("must be owner of index") and inserts merge as before.
 */
import { sql, type Kysely } from 'kysely'
import type { Database } from '../../storage/database/database'

/** ChildIds written between merges: about a sixth of what the default 4 MB list holds. */
export const MERGE_EVERY_CHILD_IDS = 20_000

export interface IndexUpkeep {
  /** Counts childIds just committed to the audit log; starts a merge when enough have been and none is running. */
  readonly written: (childIds: number) => void
  /** Resolves once no merge is running: the database may then be closed. */
  readonly settled: () => Promise<void>
}

export const pendingListUpkeep = (
  merge: () => Promise<void>,
  onFailure: (error: unknown) => void,
  every: number = MERGE_EVERY_CHILD_IDS,
): IndexUpkeep => {
  // What the list holds at start (a server before this one may have left it nearly full) is unknown: the first write merges it.
  let since = every
  let running: Promise<void> | undefined
  return {
    written: (childIds) => {
      since += childIds
      if (since < every || running !== undefined) return
      since = 0
      running = merge()
        .catch(onFailure)
        .finally(() => {
          running = undefined
        })
    },
    settled: async () => {
      await running
    },
  }
}

/** Merges the audit child index's pending list into the index (the index named through the search path). */
export const mergeAuditChildIndex = (db: Kysely<Database>) => async (): Promise<void> => {
  await sql`SELECT gin_clean_pending_list('audit_event_child_ids_idx'::regclass)`.execute(db)
}
