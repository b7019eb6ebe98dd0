/**
 * Everything about the as-of date D that every child shares: its day number,
 * the instant its London day ends, and the lower bound of each window.
 * Computed once per D, not once per child.
 */
import type { IsoDate } from '../facts/fact'
import type { Window } from '../rule-set/window'
import { academicYearStart, dayNumber, dayNumberOfCivil, subtractMonths } from '../time/calendar'
import { civilParts } from './event-date'
import { endOfLondonDay } from '../time/london'

export interface AsOfFrame {
  readonly asOf: IsoDate
  readonly asOfDay: number
  /** The end of D in Europe/London: the instant the next day begins (exclusive). */
  readonly endOfDayMs: number
  /** Event days e with `lowerBound(w) < e ≤ asOfDay` are in window `w`. */
  readonly lowerBound: (window: Window) => number
  /** Whole years completed on D by someone born on `dateOfBirth` (as calendar's ageOn, without re-parsing D). */
  readonly ageOf: (dateOfBirth: IsoDate) => number
}

/**
 * Day number of a bound worked out from D. D is a valid date (1900 to 2199),
 * but a bound can fall before 1900 (12 months before 1900-06-01), which
 * `dayNumber`, a check of input dates, would refuse.
 */
const boundDay = (d: IsoDate): number => dayNumberOfCivil(civilParts(d))

export const asOfFrame = (asOf: IsoDate): AsOfFrame => {
  const asOfDay = dayNumber(asOf)
  const academicYearBound = boundDay(academicYearStart(asOf)) - 1
  // Month windows need calendar arithmetic; remember each N once computed.
  const monthBounds = new Map<number, number>()
  const monthsBound = (n: number): number => {
    const known = monthBounds.get(n)
    if (known !== undefined) return known
    const bound = boundDay(subtractMonths(asOf, n))
    monthBounds.set(n, bound)
    return bound
  }
  const d = civilParts(asOf)
  return {
    asOf,
    ageOf: (dateOfBirth) => {
      const b = civilParts(dateOfBirth)
      const hadBirthday = d.month > b.month || (d.month === b.month && d.day >= b.day)
      return d.year - b.year - (hadBirthday ? 0 : 1)
    },
    asOfDay,
    endOfDayMs: endOfLondonDay(asOf),
    lowerBound: (window) =>
      window === 'academicYear'
        ? academicYearBound
        : window === 'onOrBefore'
          ? Number.NEGATIVE_INFINITY
          : 'days' in window
            ? asOfDay - window.days
            : monthsBound(window.months),
  }
}
