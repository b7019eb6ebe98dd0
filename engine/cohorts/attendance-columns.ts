/**
 * Columns for the Virtual School (DOMAIN.md §2–4, §12): attendance now and in
 * the six weeks before (a trend, not a one-off number) and suspensions this
 * academic year.
 *
 * Attendance rate = attended ÷ possible sessions × 100, rounded to one decimal
 * place, over the `attendance` summaries whose `periodEnd` lies in the window
 * (the same windowing the attendance rules use). A summary counts wholly in the
 * window of its `periodEnd`. With no possible sessions in the window the rate
 * is `null` ("no attendance data"), never 0 or 100; there is no minimum number
 * of sessions here, since the column informs and does not flag. In ordering,
 * `null` sorts after every real rate whatever the direction.
 */
import type { FactOf, IsoDate } from '../facts/fact'
import { academicYearStart, dayNumber } from '../time/calendar'
import type { ChildFacts } from '../linking/child-facts'

const SIX_WEEKS = 42

/** The rate over summaries with D − (offset + 42) days < periodEnd ≤ D − offset days. */
const rateOver = (child: ChildFacts, d: IsoDate, offsetDays: number): number | null => {
  const last = dayNumber(d) - offsetDays
  let possible = 0
  let attended = 0
  for (const f of child.facts) {
    if (f.kind !== 'attendance') continue
    const end = dayNumber(f.periodEnd)
    if (end > last - SIX_WEEKS && end <= last) {
      possible += f.possibleSessions
      attended += f.attendedSessions
    }
  }
  return possible === 0 ? null : Math.round((attended * 1000) / possible) / 10
}

/** Percentage attended in the 6 weeks to D, or null without data. */
export const attendanceRate = (child: ChildFacts, d: IsoDate): number | null => rateOver(child, d, 0)

/** Percentage attended in the 6 weeks before those 6 weeks (days 43–84 before D), or null without data. */
export const previousAttendanceRate = (child: ChildFacts, d: IsoDate): number | null =>
  rateOver(child, d, SIX_WEEKS)

/** Suspensions starting in the academic year of D (1 September on or before D, to D). */
export const suspensionsThisYear = (child: ChildFacts, d: IsoDate): number => {
  const from = academicYearStart(d)
  return child.facts.filter(
    (f): f is FactOf<'exclusion'> => f.kind === 'exclusion' && f.type === 'suspension' && f.start >= from && f.start <= d,
  ).length
}
