/**
 * Flag and cohort history past the `flag_history` period (SPEC §3 stores
 * flags with history so that "what did the system show on 3 March?" has an
 * answer). History from the cutoff day C on is kept whole; history before C
 * is reduced to what still decides an answer about a day from C on: the
 * latest event before C of each child's flag (or cohort membership) when it
 * left the flag raised (the child in the cohort). So every replay for a day
 * from C on (`flagsShownOn`, `cohortMembersOn`) answers as before, and the
 * run of a flag raised for years keeps its start; a flag cleared, or a child
 * who left a cohort, before C leaves no trace.
 *
 * Flag history is replayed in two orders: by when it was stored
 * (`flagsShownOn`: evaluated_at, id) and by the date it was about
 * (`cohortMembersOn`: on_date, evaluated_at, id), which differ when an
 * earlier date is scored later. An event is "old" when every replay for a
 * day from C on includes it (on_date < C and stored before C began in
 * London). An old event goes when
 *   (1) another old event of the same flag comes after it in both orders
 *       (it can never be the latest one a replay sees), or
 *   (2) it is a `cleared` event, not removed by (1), and no `raised` event
 *       of the same flag that (1) keeps comes before it in either order (so
 *       a replay that saw it sees `cleared` or nothing instead).
 * For (1), with ids unique: p after e in both orders ⟺ p stored after e and
 * p.on_date ≥ e.on_date, a running maximum over the later-stored old events.
 * Both rules keep what they test for, so a second run removes nothing more.
 * Cohort history has one order (on_date, id), where the rules reduce to: keep
 * only the latest old event of each membership, and only if it is `entered`.
 */
import { sql, type Transaction } from 'kysely'
import type { Database } from '../database/database'
import type { IsoDate } from '../../engine/facts/fact'
import { countDeleted } from './count-deleted'
import { startOfLondonDay } from './cutoffs'

export interface CompactedHistory {
  readonly flagEvents: number
  readonly cohortEvents: number
}

const compactFlagEvents = (trx: Transaction<Database>, cutoff: IsoDate): Promise<number> => {
  const old = sql`(on_date < ${cutoff}::date AND evaluated_at < ${startOfLondonDay(cutoff)}::timestamptz)`
  return countDeleted(
    trx,
    sql`
      DELETE FROM flag_event f USING (
        SELECT id, old, dominated, event,
          coalesce(bool_or(event = 'raised' AND NOT dominated) OVER (
            PARTITION BY child_id, rule_id ORDER BY evaluated_at, id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
          ), false) AS kept_raised_stored_before,
          coalesce(min(on_date) FILTER (WHERE event = 'raised' AND NOT dominated) OVER (
            PARTITION BY child_id, rule_id
          ) < on_date, false) AS kept_raised_dated_before
        FROM (
          SELECT id, child_id, rule_id, event, on_date, evaluated_at, old,
            coalesce(old AND max(on_date) FILTER (WHERE old) OVER (
              PARTITION BY child_id, rule_id ORDER BY evaluated_at DESC, id DESC ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
            ) >= on_date, false) AS dominated
          FROM (SELECT *, ${old} AS old FROM flag_event) AS marked
        ) AS judged
      ) AS e
      WHERE f.id = e.id
        AND (e.dominated OR (e.old AND e.event = 'cleared' AND NOT e.kept_raised_stored_before AND NOT e.kept_raised_dated_before))
    `,
  )
}

const compactCohortEvents = (trx: Transaction<Database>, cutoff: IsoDate): Promise<number> =>
  countDeleted(
    trx,
    sql`
      DELETE FROM cohort_event c USING (
        SELECT id, event, row_number() OVER (PARTITION BY cohort, child_id ORDER BY on_date DESC, id DESC) AS newest_first
        FROM cohort_event WHERE on_date < ${cutoff}::date
      ) AS e
      WHERE c.id = e.id AND (e.newest_first > 1 OR e.event = 'left')
    `,
  )

export const compactHistory = async (trx: Transaction<Database>, cutoff: IsoDate): Promise<CompactedHistory> => ({
  flagEvents: await compactFlagEvents(trx, cutoff),
  cohortEvents: await compactCohortEvents(trx, cutoff),
})
