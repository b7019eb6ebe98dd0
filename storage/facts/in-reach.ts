/**
 * A FactReach (engine/evaluate/fact-reach.ts) as a condition on
 * `fact_version v`: true for every row the rules may read, and for a few
 * more, never fewer. Kinds no rule reads are left out by the kind column; a
 * kind every rule reads within a window loses the rows dated on or before
 * its bound, the event date read from the content as text (dates are
 * validated `YYYY-MM-DD` on the way in, so "C" order is date order). Not
 * bounded: missing episodes (their event date is the London date of a
 * date-time, not text to compare), and any row whose date field is absent:
 * it is read, and a row that does not decode is reported as before.
 */
import { sql, type RawBuilder } from 'kysely'
import type { FactReach } from '../../engine/evaluate'
import { EVENT_DATE_FIELD } from '../../engine/evaluate/event-date'
import { FACT_KINDS } from '../../engine/facts/fact'

/** Undefined: no reach given, every row. */
export const inReach = (reach: FactReach | undefined): RawBuilder<boolean> => {
  if (reach === undefined) return sql<boolean>`true`
  const unread = FACT_KINDS.filter((kind) => reach[kind].reads === 'none')
  const outside = FACT_KINDS.flatMap((kind) => {
    const r = reach[kind]
    if (r.reads !== 'after' || kind === 'missing_episode') return []
    return [sql`(v.kind = ${kind} AND (v.content ->> ${EVENT_DATE_FIELD[kind]}) COLLATE "C" <= ${r.after})`]
  })
  const parts = [
    ...(unread.length === 0 ? [] : [sql`v.kind NOT IN (${sql.join(unread)})`]),
    ...(outside.length === 0 ? [] : [sql`NOT COALESCE(${sql.join(outside, sql` OR `)}, false)`]),
  ]
  return parts.length === 0 ? sql<boolean>`true` : sql<boolean>`(${sql.join(parts, sql` AND `)})`
}
