import t from 'tap'
import fc from 'fast-check'
import { instantOf, londonDayOfInstant } from '../../../engine/evaluate/instants'
import { londonDayNumber, parseInstant } from '../../../engine/time/london'

const pad = (n: number, w = 2): string => String(n).padStart(w, '0')

const dateTimeArb = fc
  .record({
    year: fc.integer({ min: 1900, max: 2199 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 28 }),
    hour: fc.integer({ min: 0, max: 23 }),
    minute: fc.integer({ min: 0, max: 59 }),
    second: fc.integer({ min: 0, max: 59 }),
    fraction: fc.option(fc.integer({ min: 0, max: 999 })),
    zone: fc.oneof(
      fc.constant('Z'),
      fc.tuple(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 14 }), fc.constantFrom(0, 30, 45)).map(([s, h, m]) => `${s}${pad(h)}:${pad(m)}`),
    ),
  })
  .map(
    (d) =>
      `${pad(d.year, 4)}-${pad(d.month)}-${pad(d.day)}T${pad(d.hour)}:${pad(d.minute)}:${pad(d.second)}` +
      `${d.fraction === null ? '' : `.${pad(d.fraction, 3)}`}${d.zone}`,
  )

t.test('the fast date-time parser agrees with time/london', async () => {
  fc.assert(fc.property(dateTimeArb, (s) => instantOf(s) === parseInstant(s)))
})

t.test('an invalid date-time is refused, not misread', async (t) => {
  t.throws(() => instantOf('2026-02-30T10:00:00Z'), RangeError)
  t.throws(() => instantOf('2026-11-24T1a:00:00Z'), RangeError)
})

t.test("the London day agrees with time/london, including the days the clocks change", async (t) => {
  fc.assert(
    fc.property(fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2199, 11, 31) }), (ms) => londonDayOfInstant(ms) === londonDayNumber(ms)),
  )
  for (const s of ['2026-03-29T00:59:59Z', '2026-03-29T01:00:00Z', '2026-10-25T00:59:59Z', '2026-10-25T01:00:00Z', '2026-10-24T23:30:00Z']) {
    const ms = parseInstant(s) as number
    t.equal(londonDayOfInstant(ms), londonDayNumber(ms), s)
  }
})
