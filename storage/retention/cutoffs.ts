/**
 * The dates a retention run compares against, from the policy and the day it
 * runs (today in Europe/London, read once at the edge). Pure.
 *
 * A record is past retention on day T when the date its clock starts is
 * before T minus its period: with `P2Y` on 2026-11-24, a missing episode that
 * ended on 2024-11-23 goes, one that ended on 2024-11-24 stays. Calendar
 * months as in the rules (SPEC §3: a day missing from the target month
 * becomes its last day).
 */
import { EVENT_KINDS, type EventKind, type Period, type RetentionPolicy } from '../../config/retention'
import type { IsoDate } from '../../engine/facts/fact'
import { addDays, subtractMonths } from '../../engine/time/calendar'
import { endOfLondonDay } from '../../engine/time/london'

export const ADULT_AGE = 18

export interface RetentionCutoffs {
  readonly asOf: IsoDate
  /** Kinds with a period of their own (not `with-child`): clock dates before this are past. */
  readonly kinds: Readonly<Partial<Record<EventKind, IsoDate>>>
  /** A child whose 18th birthday is before this is past retention, with everything about them. */
  readonly child: IsoDate
  /** …that is, a child born on or before this date (ages as the engine counts them). */
  readonly childBornOnOrBefore: IsoDate
  readonly unmatched: IsoDate
  readonly flagHistory: IsoDate
  readonly audit: IsoDate
}

export const cutoffOf = (asOf: IsoDate, period: Period): IsoDate =>
  addDays(subtractMonths(asOf, period.years * 12 + period.months), -period.days)

/** The instant day D begins in Europe/London, ISO UTC: a date-time is before D's London date iff it is before this. */
export const startOfLondonDay = (d: IsoDate): string => new Date(endOfLondonDay(addDays(d, -1))).toISOString()

export const retentionCutoffs = (policy: RetentionPolicy, asOf: IsoDate): RetentionCutoffs => {
  const child = cutoffOf(asOf, policy.child)
  const kinds: Partial<Record<EventKind, IsoDate>> = {}
  for (const kind of EVENT_KINDS) {
    const retention = policy.kinds[kind]
    if (retention._tag === 'Period') kinds[kind] = cutoffOf(asOf, retention)
  }
  return {
    asOf,
    kinds,
    child,
    // 18th birthday < C ⟺ 18 whole years completed on C − 1 day ⟺ born on or before
    // C − 1 day − 18 years (a 29 February birthday completes on 1 March, as `ageOn` counts).
    childBornOnOrBefore: subtractMonths(addDays(child, -1), ADULT_AGE * 12),
    unmatched: cutoffOf(asOf, policy.unmatched),
    flagHistory: cutoffOf(asOf, policy.flagHistory),
    audit: cutoffOf(asOf, policy.audit),
  }
}
