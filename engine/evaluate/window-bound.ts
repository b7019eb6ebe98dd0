/**
 * A window's lower bound for the as-of frame in use, remembered per compiled
 * leaf: a run uses one frame for every child, so it is worked out once per
 * run, not once per child. Two forms of the same day: a day number, and the
 * date as `YYYY-MM-DD`. Event dates are `YYYY-MM-DD` with a four-digit year
 * from 1900 (decoded facts; a missing episode's London date formatted so), so
 * comparing them as strings orders them as their day numbers.
 */
import type { IsoDate } from '../facts/fact'
import type { Window } from '../rule-set/window'
import { MIN_YEAR, dayNumberOfCivil, isoDateOfDay } from '../time/calendar'
import type { AsOfFrame } from './as-of-frame'

/** Event dates after `date` (days after `day`) and on or before D are in the window. */
export interface WindowBound {
  readonly day: number
  readonly date: IsoDate
}

/** The day before the first date a decoded fact can carry: any bound below it lets every fact in. */
const BEFORE_ANY_DATE = dayNumberOfCivil({ year: MIN_YEAR, month: 1, day: 1 }) - 1

const boundOf = (frame: AsOfFrame, window: Window): WindowBound => {
  const day = frame.lowerBound(window)
  // '' sorts before every date; a bound below MIN_YEAR would not format as four digits.
  return { day, date: day <= BEFORE_ANY_DATE ? '' : isoDateOfDay(day) }
}

/** The bound of `window` for a frame, remembered for the last frame asked about. */
export const windowBound = (window: Window): ((frame: AsOfFrame) => WindowBound) => {
  let lastFrame: AsOfFrame | undefined
  let last: WindowBound = { day: 0, date: '' }
  return (frame) => {
    if (frame !== lastFrame) {
      last = boundOf(frame, window)
      lastFrame = frame
    }
    return last
  }
}
