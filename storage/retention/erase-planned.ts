/**
 * Deletes what the plan noted: every version of each doomed fact, and each
 * aged-out child's record, identifiers, current flags, flag history, score
 * and cohort rows (nothing about a child outlives the child's record, except
 * the audit log, which has its own period).
 */
import { sql, type Transaction } from 'kysely'
import type { Database } from '../database/database'
import { countDeleted } from './count-deleted'

/** Tables keyed by child id, in the order they are emptied of aged-out children. */
export const CHILD_TABLES = [
  'child_identifier',
  'child',
  'flag_state',
  'flag_event',
  'child_score',
  'cohort_member',
  'cohort_event',
] as const
export type ChildTable = (typeof CHILD_TABLES)[number]

export interface PlannedDeletions {
  /** Versions removed from fact_version. */
  readonly versions: number
  /** Rows removed per child-keyed table, for aged-out children. */
  readonly byChild: Readonly<Record<ChildTable, number>>
}

export const erasePlanned = async (trx: Transaction<Database>): Promise<PlannedDeletions> => {
  const versions = await countDeleted(
    trx,
    sql`DELETE FROM fact_version v USING pg_temp.retention_doomed_fact d WHERE v.source = d.source AND v.source_id = d.source_id`,
  )
  const byChild = {} as Record<ChildTable, number>
  for (const table of CHILD_TABLES) {
    byChild[table] = await countDeleted(
      trx,
      sql`DELETE FROM ${sql.table(table)} WHERE child_id IN (SELECT child_id FROM pg_temp.retention_doomed_child)`,
    )
  }
  return { versions, byChild }
}
