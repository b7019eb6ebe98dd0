/**
 * The audit log past its own period. The log is append-only by trigger
 * (migration 02); this transaction says it is the retention job for the one
 * statement that deletes, and says so no longer after it. Rows go as a
 * prefix of the hash chain (migration 05): everything before the first row
 * still inside the period, so the verifier sees a chain that starts later,
 * never a hole (a row written a moment out of order at the boundary stays).
 */
import { sql, type Transaction } from 'kysely'
import type { Database } from '../database/database'
import type { IsoDate } from '../../engine/facts/fact'
import { countDeleted } from './count-deleted'
import { startOfLondonDay } from './cutoffs'

export interface AuditErasure {
  readonly deleted: number
  /**
   * Rows past the period left in place because this database role may not
   * delete from `audit_event`: RELIABILITY §5 gives the application's role
   * INSERT and SELECT on it only, so the audit log's part of retention is run
   * as the role that owns it, and the rest of a run goes on without it.
   */
  readonly notErased: number
}

export const eraseAudit = async (trx: Transaction<Database>, cutoff: IsoDate): Promise<AuditErasure> => {
  const pastPeriod = sql`chain_seq < coalesce(
    (SELECT min(chain_seq) FROM audit_event WHERE at >= ${startOfLondonDay(cutoff)}::timestamptz),
    (SELECT max(chain_seq) + 1 FROM audit_event)
  )`
  const { rows } = await sql<{ due: number; may_delete: boolean }>`
    SELECT (SELECT count(*)::int FROM audit_event WHERE ${pastPeriod}) AS due,
           has_table_privilege('audit_event', 'DELETE') AS may_delete
  `.execute(trx)
  const due = rows[0]?.due ?? 0
  // Nothing due asks for no privilege; a DELETE would, even of no row.
  if (due === 0) return { deleted: 0, notErased: 0 }
  if (rows[0]?.may_delete !== true) return { deleted: 0, notErased: due }
  await sql`SET LOCAL early_warning.audit_retention = 'on'`.execute(trx)
  const deleted = await countDeleted(trx, sql`DELETE FROM audit_event WHERE ${pastPeriod}`)
  await sql`SET LOCAL early_warning.audit_retention = 'off'`.execute(trx)
  return { deleted, notErased: 0 }
}
