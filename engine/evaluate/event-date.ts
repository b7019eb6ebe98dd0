/**
 * The date a rule windows a fact by (SPEC §3 "Time"): `start` for episodes,
 * exclusions and periods (a missing episode's start is a date-time, read as
 * its calendar date in Europe/London), `occurredOn`, `reportedOn`,
 * `identifiedOn`, or an attendance summary's `periodEnd`. A `child` record's
 * is its date of birth.
 */
import type { Fact, FactKind, FactOf, IsoDate } from '../facts/fact'
import { dayNumber, dayNumberOfCivil, isoDateOfDay } from '../time/calendar'
import { instantOf, londonDayOfInstant } from './instants'

/** The field each kind is dated by (a missing episode's `start` is a date-time, read as its London date). */
export const EVENT_DATE_FIELD = {
  child: 'dateOfBirth',
  care_period: 'start',
  missing_episode: 'start',
  attendance: 'periodEnd',
  exclusion: 'start',
  education_status: 'start',
  ace_indicator: 'identifiedOn',
  assessment_factor: 'identifiedOn',
  domestic_abuse_contact: 'occurredOn',
  drug_intelligence: 'reportedOn',
  youth_justice_outcome: 'occurredOn',
} as const satisfies { readonly [K in FactKind]: keyof FactOf<K> }

const fieldOf = (fact: Fact, field: string): IsoDate => (fact as unknown as Readonly<Record<string, IsoDate>>)[field] as IsoDate

/** The date field of kinds whose event date is a plain date. */
export const plainEventDate = (fact: Exclude<Fact, { kind: 'missing_episode' }>): IsoDate => fieldOf(fact, EVENT_DATE_FIELD[fact.kind])

/**
 * A reader of the event date of facts of one kind, for the pass every child
 * goes through (./plan): it reads only the date field, the kind being known.
 * One function literal per kind, each naming its field: a property load of
 * its own sees one kind's shapes, where one shared keyed load (`fact[field]`)
 * sees every kind's and goes megamorphic (15% of evaluating a child, profiled).
 */
export const eventDateReader = (kind: FactKind): ((fact: Fact) => IsoDate) => {
  switch (kind) {
    case 'missing_episode':
      return (fact) => eventDate(fact)
    case 'child':
      return (fact) => (fact as FactOf<'child'>).dateOfBirth
    case 'care_period':
      return (fact) => (fact as FactOf<'care_period'>).start
    case 'attendance':
      return (fact) => (fact as FactOf<'attendance'>).periodEnd
    case 'exclusion':
      return (fact) => (fact as FactOf<'exclusion'>).start
    case 'education_status':
      return (fact) => (fact as FactOf<'education_status'>).start
    case 'ace_indicator':
      return (fact) => (fact as FactOf<'ace_indicator'>).identifiedOn
    case 'assessment_factor':
      return (fact) => (fact as FactOf<'assessment_factor'>).identifiedOn
    case 'domestic_abuse_contact':
      return (fact) => (fact as FactOf<'domestic_abuse_contact'>).occurredOn
    case 'drug_intelligence':
      return (fact) => (fact as FactOf<'drug_intelligence'>).reportedOn
    case 'youth_justice_outcome':
      return (fact) => (fact as FactOf<'youth_justice_outcome'>).occurredOn
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
  fact.kind === 'missing_episode' ? londonDayOf(fact.start) : fastDayNumber(plainEventDate(fact))

export const eventDate = (fact: Fact): IsoDate =>
  fact.kind === 'missing_episode' ? isoDateOfDay(londonDayOf(fact.start)) : plainEventDate(fact)
