import t from 'tap'
import { asOfFrame } from '../../../engine/evaluate/as-of-frame'
import { dayNumber } from '../../../engine/time/calendar'

t.test('window lower bounds follow SPEC §3 "Time" (e in window when bound < e ≤ D)', async (t) => {
  const frame = asOfFrame('2026-11-24')
  t.equal(frame.asOfDay, dayNumber('2026-11-24'))
  t.equal(frame.lowerBound({ days: 90 }), dayNumber('2026-08-26'), 'D − 90 days is excluded, D − 89 included')
  t.equal(frame.lowerBound({ months: 12 }), dayNumber('2025-11-24'), 'D − 12 months')
  t.equal(frame.lowerBound('academicYear'), dayNumber('2026-08-31'), 'the academic year starts on 1 September')
  t.equal(frame.lowerBound('onOrBefore'), Number.NEGATIVE_INFINITY, 'on or before D has no lower bound')
  t.equal(frame.lowerBound({ months: 12 }), dayNumber('2025-11-24'), 'asking twice gives the same answer')
})

t.test('month windows clamp to the last day of a shorter month', async (t) => {
  t.equal(asOfFrame('2026-08-31').lowerBound({ months: 6 }), dayNumber('2026-02-28'))
  t.equal(asOfFrame('2028-02-29').lowerBound({ months: 12 }), dayNumber('2027-02-28'))
  t.equal(asOfFrame('2026-03-31').lowerBound({ months: 1 }), dayNumber('2026-02-28'))
})

t.test('an academic year seen from August starts the previous September', async (t) => {
  t.equal(asOfFrame('2026-08-31').lowerBound('academicYear'), dayNumber('2025-08-31'))
  t.equal(asOfFrame('2026-09-01').lowerBound('academicYear'), dayNumber('2026-08-31'))
})

t.test('the end of D is London midnight, in summer and winter time', async (t) => {
  t.equal(asOfFrame('2026-11-24').endOfDayMs, Date.parse('2026-11-25T00:00:00Z'))
  t.equal(asOfFrame('2026-07-10').endOfDayMs, Date.parse('2026-07-10T23:00:00Z'))
})

t.test('bounds before 1900 are worked out for the earliest dates D may be', async (t) => {
  // 12 months and the academic year before 1900-06-01 fall in 1899, a year no input date may have.
  const frame = asOfFrame('1900-06-01')
  t.equal(frame.lowerBound({ months: 12 }), dayNumber('1900-06-01') - 365)
  t.equal(frame.lowerBound('academicYear'), dayNumber('1900-06-01') - 274, 'the day before 1899-09-01')
  t.equal(asOfFrame('1900-01-01').lowerBound({ months: 6 }), dayNumber('1900-01-01') - 184, '1899-07-01')
})
