/**
 * `attendance`: a summary of sessions over a period (SPEC §2). Attended and
 * absent sessions add up to the possible ones, and a school day has two
 * sessions (DOMAIN.md §2), so a period cannot hold more than two per day.
 */
import type { AttendanceFields } from '../fact'
import { dayNumber } from '../../time/calendar'
import { dateNotAfterRecorded, endNotBeforeStart } from './checks'
import { SchoolUrn } from './codes'
import { Count } from './count'
import { IsoDate } from './dates'
import { required } from './fields'
import { defineKind } from './kind-spec'
import { problem, type FieldProblem } from './problems'

const sessionsAddUp = (f: Partial<AttendanceFields>): readonly FieldProblem[] => {
  const { possibleSessions, attendedSessions, authorisedAbsences, unauthorisedAbsences } = f
  if (
    possibleSessions === undefined ||
    attendedSessions === undefined ||
    authorisedAbsences === undefined ||
    unauthorisedAbsences === undefined
  ) {
    return []
  }
  return attendedSessions + authorisedAbsences + unauthorisedAbsences === possibleSessions
    ? []
    : [problem('possibleSessions', 'the sum of attendedSessions, authorisedAbsences and unauthorisedAbsences')]
}

const twoSessionsPerDay = (f: Partial<AttendanceFields>): readonly FieldProblem[] => {
  const { possibleSessions, periodStart, periodEnd } = f
  if (possibleSessions === undefined || periodStart === undefined || periodEnd === undefined || periodEnd < periodStart) {
    return []
  }
  const days = dayNumber(periodEnd) - dayNumber(periodStart) + 1
  return possibleSessions <= 2 * days
    ? []
    : [problem('possibleSessions', 'at most two sessions per calendar day from periodStart to periodEnd (both included)')]
}

export const attendanceSpec = defineKind<'attendance'>({
  fields: {
    schoolUrn: required(SchoolUrn),
    periodStart: required(IsoDate),
    periodEnd: required(IsoDate),
    possibleSessions: required(Count),
    attendedSessions: required(Count),
    authorisedAbsences: required(Count),
    unauthorisedAbsences: required(Count),
  },
  checks: (fields, context) => [
    ...endNotBeforeStart('periodEnd', fields.periodEnd, 'periodStart', fields.periodStart, false),
    ...dateNotAfterRecorded('periodEnd', fields.periodEnd, context),
    ...sessionsAddUp(fields),
    ...twoSessionsPerDay(fields),
  ],
})
