import t from 'tap'
import fc from 'fast-check'
import {
  academicYearStart,
  addDays,
  ageOn,
  dayNumber,
  daysInMonth,
  isIsoDate,
  isLeapYear,
  isoDateOfDay,
  parseCivilDate,
  subtractMonths,
} from '../../../engine/time/calendar'

const FIRST = dayNumber('1900-01-01')
const LAST = dayNumber('2199-12-31')
const days = fc.integer({ min: FIRST, max: LAST })
const dates = days.map(isoDateOfDay)

t.test('real dates between 1900 and 2199 parse; others do not', async (t) => {
  t.strictSame(parseCivilDate('2024-02-29'), { year: 2024, month: 2, day: 29 })
  for (const bad of ['2023-02-29', '2024-02-30', '2024-13-01', '2024-00-01', '2024-04-31', '0000-01-01', '10000-01-01', '1899-12-31', '2200-01-01', '2024-1-1', '2024-01-01 ', '２０２４-01-01']) {
    t.equal(parseCivilDate(bad), undefined, bad)
    t.notOk(isIsoDate(bad), bad)
  }
})

t.test('leap years follow the Gregorian rule', async (t) => {
  t.ok(isLeapYear(2000))
  t.ok(isLeapYear(2024))
  t.notOk(isLeapYear(1900))
  t.notOk(isLeapYear(2100))
  t.notOk(isLeapYear(2023))
  t.equal(daysInMonth(2024, 2), 29)
  t.equal(daysInMonth(2100, 2), 28)
  t.equal(daysInMonth(2024, 4), 30)
  t.equal(daysInMonth(2024, 12), 31)
})

t.test('day numbers count from 1970-01-01', async (t) => {
  t.equal(dayNumber('1970-01-01'), 0)
  t.equal(dayNumber('1969-12-31'), -1)
  t.equal(dayNumber('2000-03-01'), 11017)
  t.equal(isoDateOfDay(19_783), '2024-03-01')
  t.throws(() => dayNumber('2024-02-30'), RangeError)
})

t.test('dayNumber and isoDateOfDay are inverse over the whole range (property)', async (t) => {
  fc.assert(fc.property(days, (n) => dayNumber(isoDateOfDay(n)) === n))
  fc.assert(fc.property(dates, (d) => isoDateOfDay(dayNumber(d)) === d && isIsoDate(d)))
  t.pass('properties held')
})

t.test('string order of dates is day order, and the next day is one more (property)', async (t) => {
  fc.assert(fc.property(days, days, (a, b) => (isoDateOfDay(a) < isoDateOfDay(b)) === (a < b)))
  fc.assert(fc.property(fc.integer({ min: FIRST, max: LAST - 1 }), (n) => addDays(isoDateOfDay(n), 1) === isoDateOfDay(n + 1)))
  t.pass('properties held')
})

t.test('addDays crosses months, years and 29 February', async (t) => {
  t.equal(addDays('2024-02-28', 1), '2024-02-29')
  t.equal(addDays('2023-02-28', 1), '2023-03-01')
  t.equal(addDays('2024-12-31', 1), '2025-01-01')
  t.equal(addDays('2024-03-01', -1), '2024-02-29')
  t.equal(addDays('2024-03-01', -90), '2023-12-02')
})

t.test('subtracting months clamps to the last day of the target month', async (t) => {
  t.equal(subtractMonths('2024-08-31', 6), '2024-02-29')
  t.equal(subtractMonths('2023-08-31', 6), '2023-02-28')
  t.equal(subtractMonths('2024-03-31', 1), '2024-02-29')
  t.equal(subtractMonths('2024-05-31', 1), '2024-04-30')
  t.equal(subtractMonths('2024-01-15', 1), '2023-12-15')
  t.equal(subtractMonths('2024-02-29', 12), '2023-02-28')
  t.equal(subtractMonths('2024-11-24', 0), '2024-11-24')
  t.equal(subtractMonths('2024-01-31', -1), '2024-02-29', 'a negative count adds months')
})

t.test('D − N months is never after D and lands in the right month (property)', async (t) => {
  const within = fc.integer({ min: dayNumber('1902-01-01'), max: LAST }).map(isoDateOfDay)
  fc.assert(
    fc.property(within, fc.integer({ min: 0, max: 24 }), (d, n) => {
      const r = subtractMonths(d, n)
      const a = parseCivilDate(d)
      const b = parseCivilDate(r)
      if (a === undefined || b === undefined) return false
      const monthsBetween = (a.year - b.year) * 12 + (a.month - b.month)
      return r <= d && monthsBetween === n && b.day === Math.min(a.day, daysInMonth(b.year, b.month))
    }),
  )
  t.pass('property held')
})

t.test('the academic year starts on the 1 September on or before D', async (t) => {
  t.equal(academicYearStart('2024-08-31'), '2023-09-01')
  t.equal(academicYearStart('2024-09-01'), '2024-09-01')
  t.equal(academicYearStart('2025-01-01'), '2024-09-01')
  t.equal(academicYearStart('2024-12-31'), '2024-09-01')
})

t.test('ages are whole years completed on D', async (t) => {
  t.equal(ageOn('2010-06-15', '2020-06-14'), 9)
  t.equal(ageOn('2010-06-15', '2020-06-15'), 10)
  t.equal(ageOn('2010-06-15', '2010-06-15'), 0)
  t.equal(ageOn('2007-12-31', '2025-12-31'), 18)
  t.equal(ageOn('2007-12-31', '2025-12-30'), 17)
})

t.test('a 29 February birthday completes on 1 March in other years', async (t) => {
  t.equal(ageOn('2008-02-29', '2009-02-28'), 0)
  t.equal(ageOn('2008-02-29', '2009-03-01'), 1)
  t.equal(ageOn('2008-02-29', '2012-02-28'), 3)
  t.equal(ageOn('2008-02-29', '2012-02-29'), 4)
  t.equal(ageOn('2008-02-29', '2026-02-28'), 17)
  t.equal(ageOn('2008-02-29', '2026-03-01'), 18)
})

t.test('age grows by one each birthday and never falls (property)', async (t) => {
  fc.assert(
    fc.property(dates, fc.integer({ min: 0, max: 40_000 }), (dob, n) => {
      const d = dayNumber(dob) + n
      fc.pre(d <= LAST - 1)
      const today = ageOn(dob, isoDateOfDay(d))
      const tomorrow = ageOn(dob, isoDateOfDay(d + 1))
      return today >= 0 && (tomorrow === today || tomorrow === today + 1)
    }),
  )
  t.pass('property held')
})
