/**
 * The clock, read at the edge only (the engine takes dates as arguments).
 * "Today" is the calendar date in Europe/London (SPEC §3).
 */
import { londonDate } from '../engine/time/london'
import type { IsoDate } from '../engine/facts/fact'

export interface Clock {
  /** Epoch milliseconds. */
  readonly now: () => number
}

export const systemClock: Clock = { now: () => Date.now() }

export const todayInLondon = (clock: Clock): IsoDate => londonDate(clock.now())

export const fixedClock = (iso: string): Clock => {
  const ms = Date.parse(iso)
  if (Number.isNaN(ms)) throw new RangeError('fixedClock needs an RFC 3339 date-time')
  return { now: () => ms }
}
