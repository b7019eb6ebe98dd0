/**
 * Stored cohort membership, for `changedSince` (SPEC §4).
 *
 * Choice: rather than a snapshot per day, scoring stores each cohort's
 * members as of a date, and only changes are appended to `cohort_event`
 * (entered / left), the way `flag_event` records flags. Membership and flags
 * as of any earlier date are then a replay of two event histories
 * (`cohortMembersOn`), and a quiet day costs no rows. Only cohorts whose
 * membership depends on the date alone are stored (not `first-time-entrants`,
 * whose members depend on `from` and `to`).
 */
import { sql, type Kysely } from 'kysely'
import type { IsoDate } from '../../engine/facts/fact'
import type { Database } from '../database/database'
import { LOCK_KEY, takeTransactionLock } from '../database/long-transaction'

export interface CohortMembership {
  readonly cohort: string
  readonly asOf: IsoDate
  /** ISO instant, read once at the edge. */
  readonly evaluatedAt: string
  /** Every member as of `asOf`. */
  readonly childIds: readonly string[]
}

export interface MembershipChanges {
  readonly entered: readonly string[]
  readonly left: readonly string[]
}

export const storeCohortMembership = async (
  db: Kysely<Database>,
  membership: CohortMembership,
): Promise<MembershipChanges> =>
  db.transaction().execute(async (trx) => {
    await takeTransactionLock(trx, LOCK_KEY.scoring)
    const held = new Set(
      (await trx.selectFrom('cohort_member').select('child_id').where('cohort', '=', membership.cohort).execute()).map(
        (r) => r.child_id,
      ),
    )
    const now = new Set(membership.childIds)
    const entered = [...now].filter((id) => !held.has(id)).sort()
    const left = [...held].filter((id) => !now.has(id)).sort()
    if (left.length > 0) {
      await trx.deleteFrom('cohort_member').where('cohort', '=', membership.cohort).where('child_id', 'in', left).execute()
    }
    if (entered.length > 0) {
      await sql`
        INSERT INTO cohort_member (cohort, child_id, since)
        SELECT ${membership.cohort}, child_id, ${membership.asOf}::date FROM unnest(${entered}::text[]) AS m(child_id)
      `.execute(trx)
    }
    const events = [
      ...entered.map((childId) => ({ childId, event: 'entered' })),
      ...left.map((childId) => ({ childId, event: 'left' })),
    ]
    if (events.length > 0) {
      await sql`
        INSERT INTO cohort_event (cohort, child_id, event, on_date, evaluated_at)
        SELECT ${membership.cohort}, e.child_id, e.event, ${membership.asOf}::date, ${membership.evaluatedAt}::timestamptz
        FROM unnest(${events.map((e) => e.childId)}::text[], ${events.map((e) => e.event)}::text[]) AS e(child_id, event)
      `.execute(trx)
    }
    return { entered, left }
  })
