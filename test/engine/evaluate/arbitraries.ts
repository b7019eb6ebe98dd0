/**
 * fast-check arbitraries for evaluator tests: an as-of date, and facts of
 * every kind the rules read, dated by an offset in days from D. Synthetic
 * data only.
 */
import fc from 'fast-check'
import type { Fact, ReturnInterview } from '../../../engine/facts/fact'
import { ACE_CATEGORIES } from '../../../engine/facts/fact'
import { addDays, dayNumber, isoDateOfDay } from '../../../engine/time/calendar'
import { aceIndicator, attendance, care, daContact, educationStatus, factor, intelligence, missing, permanent, suspension } from './build'

export const asOfArb = fc.integer({ min: dayNumber('2024-01-01'), max: dayNumber('2027-12-31') }).map(isoDateOfDay)

export const at = (date: string, hour: number): string => `${date}T${String(hour).padStart(2, '0')}:15:00Z`

const plusHours = (instant: string, hours: number): string =>
  new Date(Date.parse(instant) + hours * 3_600_000).toISOString().replace('.000Z', 'Z')

/** Offered, completed or declined some hours after the end (or not at all). */
const interviewArb = (end: string): fc.Arbitrary<ReturnInterview> =>
  fc
    .tuple(...[0, 1, 2].map(() => fc.option(fc.integer({ min: 0, max: 300 }))))
    .map(([offered, completed, declined]) => ({
      offeredAt: offered === null || offered === undefined ? null : plusHours(end, offered),
      completedAt: completed === null || completed === undefined ? null : plusHours(end, completed),
      declinedAt: declined === null || declined === undefined ? null : plusHours(end, declined),
    }))

/** A missing episode starting `offset` days from D, open or lasting up to 200 hours, with or without a return interview. */
export const episodeArb = (asOf: string, offsets: fc.Arbitrary<number>): fc.Arbitrary<(id: string) => Fact> =>
  fc
    .tuple(offsets, fc.integer({ min: 0, max: 23 }), fc.option(fc.integer({ min: 1, max: 200 })), fc.boolean())
    .chain(([o, h, hours, away]) => {
      const start = at(addDays(asOf, o), h)
      const end = hours === null ? null : plusHours(start, hours)
      return fc.option(end === null ? fc.constant(undefined) : interviewArb(end)).map((interview) => (id: string): Fact => {
        const extra = { ...(away ? { category: 'away' as const } : {}), ...(interview ? { returnInterview: interview } : {}) }
        return missing(id, start, end, extra)
      })
    })

/** A fact of some kind the rules read, dated `offset` days from D, with a unique id. */
export const factArb = (asOf: string, offsets: fc.Arbitrary<number>): fc.Arbitrary<(id: string) => Fact> =>
  fc.oneof(
    episodeArb(asOf, offsets),
    fc.tuple(offsets, fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 40 })).map(
      ([o, possible, attended]) => (id: string) => attendance(id, addDays(asOf, o), possible, Math.min(possible, attended)),
    ),
    fc.tuple(offsets, fc.integer({ min: 1, max: 12 })).map(([o, s]) => (id: string) => suspension(id, addDays(asOf, o), s)),
    offsets.map((o) => (id: string) => permanent(id, addDays(asOf, o))),
    fc.tuple(offsets, fc.option(fc.integer({ min: 0, max: 400 }))).map(
      ([o, len]) => (id: string) => care(id, addDays(asOf, o), len === null ? null : addDays(asOf, o + len)),
    ),
    fc
      .tuple(offsets, fc.option(fc.integer({ min: 0, max: 400 })), fc.constantFrom('reduced_timetable', 'elective_home_education', 'missing_education', 'alternative_provision') as fc.Arbitrary<'reduced_timetable'>)
      .map(([o, len, status]) => (id: string) => educationStatus(id, status, addDays(asOf, o), len === null ? null : addDays(asOf, o + len))),
    fc.tuple(offsets, fc.constantFrom(...ACE_CATEGORIES)).map(([o, c]) => (id: string) => aceIndicator(id, c, addDays(asOf, o))),
    fc.tuple(offsets, fc.constantFrom('3B', '4B', '16A', '24A', '10A', '1C')).map(([o, c]) => (id: string) => factor(id, c, addDays(asOf, o))),
    fc
      .tuple(offsets, fc.constantFrom(undefined, 'standard', 'medium', 'high') as fc.Arbitrary<'high' | undefined>)
      .map(([o, riskLevel]) => (id: string) => daContact(id, addDays(asOf, o), riskLevel === undefined ? {} : { riskLevel })),
    fc.tuple(offsets, fc.constantFrom('county_lines', 'supply', 'possession', 'association') as fc.Arbitrary<'supply'>).map(
      ([o, category]) => (id: string) => intelligence(id, addDays(asOf, o), { category }),
    ),
  )

export const factsArb = (asOf: string, offsets: fc.Arbitrary<number>, prefix: string, max = 25): fc.Arbitrary<Fact[]> =>
  fc.array(factArb(asOf, offsets), { maxLength: max }).map((makers) => makers.map((make, i) => make(`${prefix}-${i}`)))

export const pastOrPresent = fc.integer({ min: -400, max: 0 })
export const future = fc.integer({ min: 1, max: 400 })
