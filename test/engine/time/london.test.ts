import t from 'tap'
import fc from 'fast-check'
import { addDays } from '../../../engine/time/calendar'
import { endOfLondonDay, isInstant, londonDate, londonDateOf, londonOffsetMs, parseInstant } from '../../../engine/time/london'

const HOUR = 3_600_000
const iso = (ms: number): string => new Date(ms).toISOString()
const at = (s: string): number => {
  const ms = parseInstant(s)
  if (ms === undefined) throw new Error(`not an instant: ${s}`)
  return ms
}

t.test('parseInstant reads RFC 3339 with Z or an offset', async (t) => {
  t.equal(at('1970-01-01T00:00:00Z'), 0)
  t.equal(at('2024-01-05T14:30:00+01:00'), Date.UTC(2024, 0, 5, 13, 30))
  t.equal(at('2024-01-05T14:30:00-05:30'), Date.UTC(2024, 0, 5, 20, 0))
  t.equal(at('2024-01-05T14:30:00.123Z'), Date.UTC(2024, 0, 5, 14, 30, 0, 123))
  t.equal(at('2024-01-05T14:30:00.1239Z'), Date.UTC(2024, 0, 5, 14, 30, 0, 123), 'sub-millisecond digits are dropped')
  for (const bad of ['2024-01-05T14:30Z', '2024-01-05T14:30:00', '2024-01-05T24:00:00Z', '2024-01-05T14:60:00Z', '2024-01-05T14:30:60Z', '2024-02-30T00:00:00Z', '2024-01-05T14:30:00+24:00', '2024-01-05T14:30:00+01:60', '2024-01-05t14:30:00z', '2024-01-05T14:30:00.Z']) {
    t.equal(parseInstant(bad), undefined, bad)
    t.notOk(isInstant(bad), bad)
  }
})

t.test('British Summer Time starts at 01:00 UTC on the last Sunday of March', async (t) => {
  t.equal(londonOffsetMs(at('2026-03-29T00:30:00Z')), 0)
  t.equal(londonOffsetMs(at('2026-03-29T01:30:00Z')), HOUR)
  t.equal(londonDateOf('2026-03-29T00:30:00Z'), '2026-03-29')
  t.equal(londonDateOf('2026-03-29T01:30:00Z'), '2026-03-29')
  t.equal(londonDateOf('2026-03-28T23:30:00Z'), '2026-03-28', 'the night before is still on GMT')
  t.equal(londonDateOf('2026-03-29T23:30:00Z'), '2026-03-30', 'that evening is already the next day in London')
})

t.test('and ends at 01:00 UTC on the last Sunday of October', async (t) => {
  t.equal(londonDateOf('2026-10-24T23:30:00Z'), '2026-10-25', '00:30 BST')
  t.equal(londonOffsetMs(at('2026-10-25T00:30:00Z')), HOUR)
  t.equal(londonOffsetMs(at('2026-10-25T01:30:00Z')), 0)
  t.equal(londonDateOf('2026-10-25T23:30:00Z'), '2026-10-25')
})

t.test('the change-over Sundays of several years', async (t) => {
  for (const [spring, autumn] of [
    ['2024-03-31', '2024-10-27'],
    ['2025-03-30', '2025-10-26'],
    ['2026-03-29', '2026-10-25'],
    ['2030-03-31', '2030-10-27'],
  ] as const) {
    t.equal(londonOffsetMs(at(`${spring}T00:59:59Z`)), 0, spring)
    t.equal(londonOffsetMs(at(`${spring}T01:00:00Z`)), HOUR, spring)
    t.equal(londonOffsetMs(at(`${autumn}T00:59:59Z`)), HOUR, autumn)
    t.equal(londonOffsetMs(at(`${autumn}T01:00:00Z`)), 0, autumn)
  }
})

t.test('the end of a London day, summer and winter', async (t) => {
  t.equal(iso(endOfLondonDay('2026-07-01')), '2026-07-01T23:00:00.000Z')
  t.equal(iso(endOfLondonDay('2026-01-15')), '2026-01-16T00:00:00.000Z')
  t.equal(iso(endOfLondonDay('2026-03-28')), '2026-03-29T00:00:00.000Z', 'the day before the spring change')
  t.equal(iso(endOfLondonDay('2026-03-29')), '2026-03-29T23:00:00.000Z', 'the 23-hour day')
  t.equal(iso(endOfLondonDay('2026-10-24')), '2026-10-24T23:00:00.000Z')
  t.equal(iso(endOfLondonDay('2026-10-25')), '2026-10-26T00:00:00.000Z', 'the 25-hour day')
  t.equal(endOfLondonDay('2026-10-25') - endOfLondonDay('2026-10-24'), 25 * HOUR)
  t.equal(endOfLondonDay('2026-03-29') - endOfLondonDay('2026-03-28'), 23 * HOUR)
})

const instants = fc.integer({ min: Date.UTC(1997, 0, 1), max: Date.UTC(2037, 11, 31) })

t.test('londonDate agrees with the platform time-zone database (property)', async (t) => {
  const format = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' })
  fc.assert(fc.property(instants, (ms) => londonDate(ms) === format.format(ms)), { numRuns: 2000 })
  t.pass('property held')
})

t.test('endOfLondonDay is the first instant of the next London day (property)', async (t) => {
  fc.assert(
    fc.property(instants, (ms) => {
      const d = londonDate(ms)
      const end = endOfLondonDay(d)
      return end > ms && londonDate(end - 1) === d && londonDate(end) === addDays(d, 1)
    }),
  )
  t.pass('property held')
})

t.test('the same instant written with different offsets has one London date (property)', async (t) => {
  fc.assert(
    fc.property(instants, fc.integer({ min: -12, max: 14 }), (ms, offsetHours) => {
      const local = new Date(ms + offsetHours * HOUR).toISOString().slice(0, 19)
      const sign = offsetHours < 0 ? '-' : '+'
      const text = `${local}${sign}${String(Math.abs(offsetHours)).padStart(2, '0')}:00`
      const whole = Math.floor(ms / 1000) * 1000
      return parseInstant(text) === whole && londonDateOf(text) === londonDate(whole)
    }),
  )
  t.pass('property held')
})
