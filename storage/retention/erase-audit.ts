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

export const eraseAudit = async (trx: Transaction<Database>, cutoff: IsoDate): Promise<number> => {
  await sql`SET LOCAL early_warning.audit_retention = 'on'`.execute(trx)
  const deleted = await countDeleted(
    trx,
    sql`
      DELETE FROM audit_event WHERE chain_seq < coalesce(
        (SELECT min(chain_seq) FROM audit_event WHERE at >= ${startOfLondonDay(cutoff)}::timestamptz),
        (SELECT max(chain_seq) + 1 FROM audit_event)
      )
    `,
  )
  await sql`SET LOCAL early_warning.audit_retention = 'off'`.execute(trx)
  return deleted
}
