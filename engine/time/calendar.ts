/**
 * Calendar dates as `YYYY-MM-DD` strings and as day numbers (days since
 * 1970-01-01), with the window arithmetic of SPEC §3 "Time". No `Date`, no
 * clock, no time zone: the same answer on every machine.
 */
import type { IsoDate } from '../facts/fact'

/** Dates outside these years are refused as implausible (RELIABILITY §3 item 11). */
export const MIN_YEAR = 1900
export const MAX_YEAR = 2199

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/

export const isLeapYear = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0

export const daysInMonth = (y: number, m: number): number =>
  m === 2 ? (isLeapYear(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31

export interface CivilDate {
  readonly year: number
  readonly month: number
  readonly day: number
}

/** Splits a `YYYY-MM-DD` string, or `undefined` when it is not a real date in range. */
export const parseCivilDate = (s: string): CivilDate | undefined => {
  const m = DATE_PATTERN.exec(s)
  if (m === null) return undefined
  const year = Number(m[1])
  const month = Number(m[2])
  const day = Number(m[3])
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12) return undefined
  if (day < 1 || day > daysInMonth(year, month)) return undefined
  return { year, month, day }
}

export const isIsoDate = (s: string): boolean => parseCivilDate(s) !== undefined

// Howard Hinnant's days_from_civil / civil_from_days.
export const dayNumberOfCivil = ({ year, month, day }: CivilDate): number => {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const mp = (month + 9) % 12
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

export const civilOfDayNumber = (n: number): CivilDate => {
  const z = n + 719468
  const era = Math.floor(z / 146097)
  const doe = z - era * 146097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day }
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0')

export const formatCivil = ({ year, month, day }: CivilDate): IsoDate => `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`

/** Day number of a date already known to be valid (decoded input or engine output). */
export const dayNumber = (d: IsoDate): number => {
  const c = parseCivilDate(d)
  if (c === undefined) throw new RangeError(`not a valid date: ${d}`)
  return dayNumberOfCivil(c)
}

export const isoDateOfDay = (n: number): IsoDate => formatCivil(civilOfDayNumber(n))

export const addDays = (d: IsoDate, n: number): IsoDate => isoDateOfDay(dayNumber(d) + n)

/**
 * D minus N calendar months; a day that does not exist in the target month
 * becomes that month's last day (31 August − 6 months = 28/29 February).
 */
export const subtractMonths = (d: IsoDate, n: number): IsoDate => {
  const c = parseCivilDate(d)
  if (c === undefined) throw new RangeError(`not a valid date: ${d}`)
  const index = c.year * 12 + (c.month - 1) - n
  const year = Math.floor(index / 12)
  const month = index - year * 12 + 1
  return formatCivil({ year, month, day: Math.min(c.day, daysInMonth(year, month)) })
}

/** The 1 September on or before D. */
export const academicYearStart = (d: IsoDate): IsoDate => {
  const c = parseCivilDate(d)
  if (c === undefined) throw new RangeError(`not a valid date: ${d}`)
  return formatCivil({ year: c.month >= 9 ? c.year : c.year - 1, month: 9, day: 1 })
}

/** Whole years completed on D (a 29 February birthday completes on 1 March in other years). */
export const ageOn = (dateOfBirth: IsoDate, d: IsoDate): number => {
  const b = parseCivilDate(dateOfBirth)
  const c = parseCivilDate(d)
  if (b === undefined || c === undefined) throw new RangeError('not a valid date')
  const hadBirthday = c.month > b.month || (c.month === b.month && c.day >= b.day)
  return c.year - b.year - (hadBirthday ? 0 : 1)
}
