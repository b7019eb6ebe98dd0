/**
 * The date a rule windows a fact by (SPEC §3 "Time"): `start` for episodes,
 * exclusions and periods (a missing episode's start is a date-time, read as
 * its calendar date in Europe/London), `occurredOn`, `reportedOn`,
 * `identifiedOn`, or an attendance summary's `periodEnd`. A `child` record's
 * is its date of birth.
 */
import type { Fact, IsoDate } from '../facts/fact'
import { dayNumber, dayNumberOfCivil, isoDateOfDay } from '../time/calendar'
import { instantOf, londonDayOfInstant } from './instants'

/** The date field of kinds whose event date is a plain date. */
const dateField = (fact: Exclude<Fact, { kind: 'missing_episode' }>): IsoDate => {
  switch (fact.kind) {
    case 'child':
      return fact.dateOfBirth
    case 'care_period':
    case 'exclusion':
    case 'education_status':
      return fact.start
    case 'attendance':
      return fact.periodEnd
    case 'ace_indicator':
    case 'assessment_factor':
      return fact.identifiedOn
    case 'domestic_abuse_contact':
    case 'youth_justice_outcome':
      return fact.occurredOn
    case 'drug_intelligence':
      return fact.reportedOn
  }
}

const code = (s: string, i: number): number => s.charCodeAt(i) - 48

/** Year, month and day of a `YYYY-MM-DD` string known to be valid, without a regular expression. */
export const civilParts = (d: IsoDate): { readonly year: number; readonly month: number; readonly day: number } => {
  if (d.length !== 10 || d.charCodeAt(4) !== 45 || d.charCodeAt(7) !== 45) throw new RangeError(`not a valid date: ${d}`)
  return {
    year: code(d, 0) * 1000 + code(d, 1) * 100 + code(d, 2) * 10 + code(d, 3),
    month: code(d, 5) * 10 + code(d, 6),
    day: code(d, 8) * 10 + code(d, 9),
  }
}

/**
 * Day number of a decoded date: the evaluator reads every fact of every
 * child, so this is on the hot path. Anything not shaped like a date falls
 * back to the checking parser.
 */
export const fastDayNumber = (d: IsoDate): number =>
  d.length === 10 && d.charCodeAt(4) === 45 && d.charCodeAt(7) === 45 ? dayNumberOfCivil(civilParts(d)) : dayNumber(d)

/** Day number of an instant's calendar date in Europe/London. */
export const londonDayOf = (dateTime: string): number => londonDayOfInstant(instantOf(dateTime))

/** The event date as a day number (days since 1970-01-01). */
export const eventDay = (fact: Fact): number =>
  fact.kind === 'missing_episode' ? londonDayOf(fact.start) : fastDayNumber(dateField(fact))

export const eventDate = (fact: Fact): IsoDate =>
  fact.kind === 'missing_episode' ? isoDateOfDay(londonDayOf(fact.start)) : dateField(fact)
