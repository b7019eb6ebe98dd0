/**
 * Cross-field checks shared by the kinds (SPEC §2 "Batches and bad input"):
 * an end before its start, and dates or times later than the line's
 * `recordedAt`. Each runs only when every value it compares decoded; a missing
 * or invalid value has its own error already.
 *
 * Dates are compared as `YYYY-MM-DD` strings: for four-digit years string
 * order is date order.
 */
import type { IsoDate, IsoDateTime } from '../fact'
import { parseInstant } from '../../time/london'
import type { CheckContext } from './kind-spec'
import { problem, type FieldProblem } from './problems'

type Path = string | readonly string[]

const none: readonly FieldProblem[] = []

/** `end` (a date, or `null` while open) is not before `start`. */
export const endNotBeforeStart = (
  endKey: string,
  end: IsoDate | null | undefined,
  startKey: string,
  start: IsoDate | undefined,
  nullable: boolean,
): readonly FieldProblem[] =>
  end === undefined || end === null || start === undefined || end >= start
    ? none
    : [problem(endKey, `a date on or after ${startKey}${nullable ? ', or null' : ''}`)]

/** `end` (a date-time, or `null`) is not before `start`, compared as instants. */
export const endInstantNotBeforeStart = (
  end: IsoDateTime | null | undefined,
  start: IsoDateTime | undefined,
): readonly FieldProblem[] => {
  if (end === undefined || end === null || start === undefined) return none
  const e = parseInstant(end)
  const s = parseInstant(start)
  return e === undefined || s === undefined || e >= s ? none : [problem('end', 'a date-time not before start, or null')]
}

/** An event date is not after the Europe/London date of `recordedAt`. */
export const dateNotAfterRecorded = (path: Path, date: IsoDate | null | undefined, context: CheckContext): readonly FieldProblem[] =>
  date === undefined || date === null || context.recordedDate === undefined || date <= context.recordedDate
    ? none
    : [problem(path, 'a date not after the date of recordedAt (in Europe/London)')]

/** An event time is not after `recordedAt`, compared as instants. */
export const instantNotAfterRecorded = (
  path: Path,
  time: IsoDateTime | null | undefined,
  context: CheckContext,
): readonly FieldProblem[] => {
  if (time === undefined || time === null || context.recordedAt === undefined) return none
  const ms = parseInstant(time)
  return ms === undefined || ms <= context.recordedAt ? none : [problem(path, 'a date-time not after recordedAt')]
}
