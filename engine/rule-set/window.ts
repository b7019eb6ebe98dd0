/**
 * A time window ending at the as-of date D (SPEC §3 "Time"):
 * - `{ "days": N }`: event dates e with D − N days < e ≤ D (42 days = 6 weeks);
 * - `{ "months": N }`: D − N calendar months < e ≤ D (month ends clamp);
 * - `"academicYear"`: from the 1 September on or before D, to D;
 * - `"onOrBefore"`: any event date ≤ D.
 */
import * as t from 'io-ts'
import { PositiveWholeNumber, closed, oneOf } from './closed-type'

export type Window =
  | { readonly days: number }
  | { readonly months: number }
  | 'academicYear'
  | 'onOrBefore'

const DaysWindow = closed('DaysWindow', { days: PositiveWholeNumber })
const MonthsWindow = closed('MonthsWindow', { months: PositiveWholeNumber })

export const Window: t.Type<Window, Window, unknown> = oneOf<Window>(
  'a window: { "days": N } or { "months": N } with N a whole number ≥ 1, "academicYear" or "onOrBefore"',
  [DaysWindow, MonthsWindow, t.literal('academicYear'), t.literal('onOrBefore')],
)
