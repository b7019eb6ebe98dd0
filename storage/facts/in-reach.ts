/**
 * A FactReach (engine/evaluate/fact-reach.ts) as a condition on
 * `fact_version v`: true for every row the rules may read, and for a few
 * more, never fewer. Kinds no rule reads are left out by the kind column; a
 * kind every rule reads within a window loses the rows whose `event_date`
 * (the engine's event date, written by ingest: migration 10) is on or before
 * its bound. Not bounded: missing episodes (their event date is the London
 * date of a date-time), and any row without an event_date: it is read, and
 * a row that does not decode is reported as before. Reading the date from
 * each row's json instead cost the server more than it saved.
 */
import { sql, type RawBuilder } from 'kysely'
import type { FactReach } from '../../engine/evaluate'
import { FACT_KINDS } from '../../engine/facts/fact'

/** Undefined: no reach given, every row. */
export const inReach = (reach: FactReach | undefined): RawBuilder<boolean> => {
  if (reach === undefined) return sql<boolean>`true`
  const unread = FACT_KINDS.filter((kind) => reach[kind].reads === 'none')
  const outside = FACT_KINDS.flatMap((kind) => {
    const r = reach[kind]
    if (r.reads !== 'after' || kind === 'missing_episode') return []
    return [sql`(v.kind = ${kind} AND v.event_date <= ${r.after}::date)`]
  })
  const parts = [
    ...(unread.length === 0 ? [] : [sql`v.kind NOT IN (${sql.join(unread)})`]),
    ...(outside.length === 0 ? [] : [sql`NOT COALESCE(${sql.join(outside, sql` OR `)}, false)`]),
  ]
  return parts.length === 0 ? sql<boolean>`true` : sql<boolean>`(${sql.join(parts, sql` AND `)})`
}
