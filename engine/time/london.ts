/**
 * Instants (RFC 3339 date-times) and their calendar date in Europe/London.
 *
 * The UK rule since 1996 is written out rather than read from the platform's
 * time-zone database, so results never depend on the machine's TZ or ICU data:
 * British Summer Time (UTC+1) runs from 01:00 UTC on the last Sunday of March
 * to 01:00 UTC on the last Sunday of October.
 */
import type { IsoDate, IsoDateTime } from '../facts/fact'
import { civilOfDayNumber, dayNumber, dayNumberOfCivil, daysInMonth, formatCivil, parseCivilDate } from './calendar'

const MS_PER_MINUTE = 60_000
const MS_PER_HOUR = 3_600_000
export const MS_PER_DAY = 86_400_000

const DATE_TIME_PATTERN = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/

/** Epoch milliseconds of an RFC 3339 date-time with `Z` or `±hh:mm`, or `undefined` when invalid. */
export const parseInstant = (s: IsoDateTime): number | undefined => {
  const m = DATE_TIME_PATTERN.exec(s)
  if (m === null) return undefined
  const date = parseCivilDate(m[1] ?? '')
  const hour = Number(m[2])
  const minute = Number(m[3])
  const second = Number(m[4])
  if (date === undefined || hour > 23 || minute > 59 || second > 59) return undefined
  const fraction = m[5] === undefined ? 0 : Math.floor(Number(`0${m[5]}`) * 1000)
  const zone = m[6] ?? 'Z'
  let offsetMinutes = 0
  if (zone !== 'Z') {
    const oh = Number(zone.slice(1, 3))
    const om = Number(zone.slice(4, 6))
    if (oh > 23 || om > 59) return undefined
    offsetMinutes = (zone[0] === '-' ? -1 : 1) * (oh * 60 + om)
  }
  return (
    dayNumberOfCivil(date) * MS_PER_DAY +
    hour * MS_PER_HOUR +
    minute * MS_PER_MINUTE +
    second * 1000 +
    fraction -
    offsetMinutes * MS_PER_MINUTE
  )
}

export const isInstant = (s: string): boolean => parseInstant(s) !== undefined

/**
 * The nanoseconds within its millisecond of an instant `parseInstant` reads
 * (which keeps whole milliseconds): 0 unless the fraction has more than three
 * digits. Two instants with the same milliseconds compare by this, so a
 * correction recorded 0.1 ms after the version it corrects still comes after
 * it (feeds from .NET write seven digits). An offset is whole minutes, so it
 * leaves this part alone.
 */
export const subMillisecondNanos = (s: IsoDateTime): number => {
  const m = DATE_TIME_PATTERN.exec(s)
  const digits = m?.[5]?.slice(1) ?? ''
  return digits.length <= 3 ? 0 : Number(digits.slice(3).padEnd(6, '0'))
}

/** Day number of the last Sunday of a month. */
const lastSunday = (year: number, month: number): number => {
  const last = dayNumberOfCivil({ year, month, day: daysInMonth(year, month) })
  // 1970-01-01 (day 0) was a Thursday; ((n + 4) mod 7) is 0 on Sundays.
  const weekday = (((last + 4) % 7) + 7) % 7
  return last - weekday
}

/** Whether the instant falls in British Summer Time. */
const inSummerTime = (ms: number): boolean => {
  const year = civilOfDayNumber(Math.floor(ms / MS_PER_DAY)).year
  const starts = lastSunday(year, 3) * MS_PER_DAY + MS_PER_HOUR
  const ends = lastSunday(year, 10) * MS_PER_DAY + MS_PER_HOUR
  return ms >= starts && ms < ends
}

/** UTC offset of Europe/London at an instant, in milliseconds. */
export const londonOffsetMs = (ms: number): number => (inSummerTime(ms) ? MS_PER_HOUR : 0)

/** Day number of the calendar date in Europe/London at an instant. */
export const londonDayNumber = (ms: number): number => Math.floor((ms + londonOffsetMs(ms)) / MS_PER_DAY)

/** The calendar date in Europe/London of an instant. */
export const londonDate = (ms: number): IsoDate => formatCivil(civilOfDayNumber(londonDayNumber(ms)))

/** The calendar date in Europe/London of a valid RFC 3339 date-time string. */
export const londonDateOf = (s: IsoDateTime): IsoDate => {
  const ms = parseInstant(s)
  if (ms === undefined) throw new RangeError(`not a valid date-time: ${s}`)
  return londonDate(ms)
}

/** The instant at which London midnight starts a given day. */
const londonMidnight = (day: number): number => {
  const utcMidnight = day * MS_PER_DAY
  // The offset at London midnight is that of the instant one hour before UTC midnight
  // or at it; both change only at 01:00 UTC, so probing UTC midnight minus one hour is exact.
  return utcMidnight - londonOffsetMs(utcMidnight - MS_PER_HOUR)
}

/** The end of day D in Europe/London: the instant the next day begins (exclusive bound). */
export const endOfLondonDay = (d: IsoDate): number => londonMidnight(dayNumber(d) + 1)
