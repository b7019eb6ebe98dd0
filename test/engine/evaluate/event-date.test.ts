import t from 'tap'
import fc from 'fast-check'
import { eventDate, eventDateReader, eventDay, fastDayNumber } from '../../../engine/evaluate/event-date'
import { FACT_KINDS } from '../../../engine/facts/fact'
import type { Fact } from '../../../engine/facts/fact'
import { dayNumber, isoDateOfDay } from '../../../engine/time/calendar'
import { aceIndicator, attendance, care, child, daContact, educationStatus, factor, intelligence, missing, suspension, youthOutcome } from './build'

t.test('each kind is dated by the field SPEC §3 names', async (t) => {
  t.equal(eventDate(care('CP-1', '2025-03-01', '2026-01-01')), '2025-03-01', 'care period: start')
  t.equal(eventDate(suspension('EX-1', '2026-09-15', 2)), '2026-09-15', 'exclusion: start')
  t.equal(eventDate(attendance('ATT-1', '2026-11-20', 40, 30)), '2026-11-20', 'attendance: periodEnd')
  t.equal(eventDate(aceIndicator('ACE-1', 'domestic_abuse', '2024-05-01')), '2024-05-01', 'ACE indicator: identifiedOn')
  t.equal(eventDate(factor('AF-1', '3B', '2024-06-01')), '2024-06-01', 'assessment factor: identifiedOn')
  t.equal(eventDate(daContact('DA-1', '2026-10-03')), '2026-10-03', 'domestic abuse contact: occurredOn')
  t.equal(eventDate(intelligence('DI-1', '2026-10-10')), '2026-10-10', 'drug intelligence: reportedOn')
  t.equal(eventDate(youthOutcome('YJ-1', '2026-01-05')), '2026-01-05', 'youth justice outcome: occurredOn')
  t.equal(eventDate(child()), '2011-05-01', 'child: date of birth')
})

t.test("each kind's reader for the pass over a child's facts reads the same date as eventDate", async (t) => {
  const oneOfEach: readonly Fact[] = [
    child(),
    care('CP-1', '2025-03-01', null),
    missing('ME-1', '2026-07-10T23:30:00Z', null),
    attendance('ATT-1', '2026-11-20', 40, 30),
    suspension('EX-1', '2026-09-15', 2),
    educationStatus('ES-1', 'reduced_timetable', '2026-02-01', null),
    aceIndicator('ACE-1', 'domestic_abuse', '2024-05-01'),
    factor('AF-1', '3B', '2024-06-01'),
    daContact('DA-1', '2026-10-03'),
    intelligence('DI-1', '2026-10-10'),
    youthOutcome('YJ-1', '2026-01-05'),
  ]
  t.same(new Set(oneOfEach.map((f) => f.kind)), new Set(FACT_KINDS), 'one fact of every kind')
  for (const fact of oneOfEach) t.equal(eventDateReader(fact.kind)(fact), eventDate(fact), fact.kind)
})

t.test("a missing episode is dated by its start's calendar date in Europe/London", async (t) => {
  t.equal(eventDate(missing('ME-1', '2026-07-10T22:30:00Z', null)), '2026-07-10', '23:30 BST is still the 10th')
  t.equal(eventDate(missing('ME-1', '2026-07-10T23:30:00Z', null)), '2026-07-11', '00:30 BST is the 11th')
  t.equal(eventDate(missing('ME-1', '2026-12-10T23:30:00Z', null)), '2026-12-10', 'in winter London is UTC')
  t.equal(eventDate(missing('ME-1', '2026-07-11T00:30:00+01:00', null)), '2026-07-11', 'offsets are honoured')
  t.equal(eventDay(missing('ME-1', '2026-07-10T23:30:00Z', null)), dayNumber('2026-07-11'))
})

t.test('the fast day number agrees with the checking parser', async (t) => {
  fc.assert(
    fc.property(fc.integer({ min: dayNumber('1900-01-01'), max: dayNumber('2199-12-31') }), (n) => {
      const iso = isoDateOfDay(n)
      return fastDayNumber(iso) === n && dayNumber(iso) === n
    }),
  )
  t.throws(() => fastDayNumber('2024-02-30x'), RangeError, 'anything not shaped like a date is refused')
})
