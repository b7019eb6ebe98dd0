/**
 * "What did the system show on 3 March?" (SPEC §3): the flags a user saw for
 * a child at the end of that day in Europe/London, replayed from the event
 * history by when each evaluation was stored (`evaluated_at`), not by the
 * date it was about: a later re-evaluation of 3 March answers a different
 * question and does not rewrite what was shown.
 */
import { sql, type Kysely } from 'kysely'
import type { IsoDate } from '../../engine/facts/fact'
import type { RuleSetIdentity } from '../../engine/evaluate/evaluation'
import { endOfLondonDay } from '../../engine/time/london'
import type { Database } from '../database/database'

export interface ShownFlag {
  readonly id: string
  /** The as-of date the run began that was showing then. */
  readonly since: IsoDate
  readonly ruleSet: RuleSetIdentity
}

interface LastEventRow {
  readonly rule_id: string
  readonly event: 'raised' | 'cleared'
  readonly on_date: string
  readonly rule_set_id: string
  readonly rule_set_version: string
  readonly rule_set_hash: string
}

/** Shown flags, ordered by rule id; empty when nothing was shown (or the child was never scored by then). */
export const flagsShownOn = async (db: Kysely<Database>, childId: string, date: IsoDate): Promise<readonly ShownFlag[]> => {
  const endOfDay = new Date(endOfLondonDay(date)).toISOString()
  const { rows } = await sql<LastEventRow>`
    SELECT DISTINCT ON (rule_id) rule_id, event, on_date, rule_set_id, rule_set_version, rule_set_hash
    FROM flag_event
    WHERE child_id = ${childId} AND evaluated_at < ${endOfDay}::timestamptz
    ORDER BY rule_id, evaluated_at DESC, id DESC
  `.execute(db)
  return rows
    .filter((r) => r.event === 'raised')
    .map((r) => ({
      id: r.rule_id,
      since: r.on_date,
      ruleSet: { id: r.rule_set_id, version: r.rule_set_version, hash: r.rule_set_hash },
    }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}
