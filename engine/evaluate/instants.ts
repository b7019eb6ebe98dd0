/**
 * Fast paths for the date-times the evaluator reads on every child: decoded
 * RFC 3339 strings parsed by character codes, and their Europe/London day
 * with the UTC offset remembered per UTC day. Both defer to time/london.ts as
 * the authority: anything unusual goes to its parser, and the offset of a day
 * on which the clocks change is always asked of it.
 */
import { MAX_YEAR, MIN_YEAR, dayNumberOfCivil, daysInMonth } from '../time/calendar'
import { MS_PER_DAY, londonOffsetMs, parseInstant, subMillisecondNanos } from '../time/london'

const digit = (s: string, i: number): number => {
  const d = s.charCodeAt(i) - 48
  return d >= 0 && d <= 9 ? d : Number.NaN
}
const two = (s: string, i: number): number => digit(s, i) * 10 + digit(s, i + 1)

/** Epoch milliseconds of a valid RFC 3339 date-time (as decoded facts carry). */
export const instantOf = (s: string): number => {
  // YYYY-MM-DDTHH:MM:SS then Z or ±HH:MM; fractions and anything else take the checking parser.
  const n = s.length
  if ((n === 20 && s.charCodeAt(19) === 90) || (n === 25 && (s.charCodeAt(19) === 43 || s.charCodeAt(19) === 45))) {
    const year = two(s, 0) * 100 + two(s, 2)
    const month = two(s, 5)
    const day = two(s, 8)
    const hour = two(s, 11)
    const minute = two(s, 14)
    const second = two(s, 17)
    const plausible =
      s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45 && s.charCodeAt(10) === 84 && s.charCodeAt(13) === 58 && s.charCodeAt(16) === 58 &&
      year >= MIN_YEAR && year <= MAX_YEAR && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) &&
      hour <= 23 && minute <= 59 && second <= 59 && (n === 20 || (s.charCodeAt(22) === 58 && two(s, 20) <= 23 && two(s, 23) <= 59))
    if (plausible) {
      const offset = n === 20 ? 0 : (s.charCodeAt(19) === 45 ? -1 : 1) * (two(s, 20) * 60 + two(s, 23)) * 60_000
      return dayNumberOfCivil({ year, month, day }) * MS_PER_DAY + hour * 3_600_000 + minute * 60_000 + second * 1000 - offset
    }
  }
  const parsed = parseInstant(s)
  if (parsed === undefined) throw new RangeError(`not a valid date-time: ${s}`)
  return parsed
}

/** London's UTC offset for a whole UTC day, or undefined on a day the clocks change. */
const offsetByUtcDay = new Map<number, number | undefined>()

const steadyOffset = (utcDay: number): number | undefined => {
  if (offsetByUtcDay.has(utcDay)) return offsetByUtcDay.get(utcDay)
  const first = londonOffsetMs(utcDay * MS_PER_DAY)
  const last = londonOffsetMs((utcDay + 1) * MS_PER_DAY - 1)
  const offset = first === last ? first : undefined
  offsetByUtcDay.set(utcDay, offset)
  return offset
}

/** Day number of the calendar date in Europe/London at an instant (as time/london's londonDayNumber). */
export const londonDayOfInstant = (ms: number): number => {
  const offset = steadyOffset(Math.floor(ms / MS_PER_DAY)) ?? londonOffsetMs(ms)
  return Math.floor((ms + offset) / MS_PER_DAY)
}

/**
 * Whether a date-time is after a whole-millisecond instant (an end of day),
 * its digits past the millisecond included: an episode ending 0.1 ms after
 * the end of D had not ended by then. The rule primitive `open` and the
 * missing-pilot columns both ask it, so a flag and a column never disagree.
 */
export const isAfterInstant = (dateTime: string, instant: number): boolean => {
  const ms = instantOf(dateTime)
  return ms > instant || (ms === instant && subMillisecondNanos(dateTime) > 0)
}
