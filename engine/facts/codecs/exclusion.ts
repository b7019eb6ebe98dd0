/**
 * `exclusion` (SPEC §2): a suspension counts half-day sessions (at least one);
 * a permanent exclusion has none.
 */
import type { ExclusionFields } from '../fact'
import { dateNotAfterRecorded } from './checks'
import { ExclusionReason, SchoolUrn } from './codes'
import { Count } from './count'
import { IsoDate } from './dates'
import { optional, required } from './fields'
import { defineKind, type CheckContext } from './kind-spec'
import { oneOf } from './one-of'
import { problem, type FieldProblem } from './problems'

const sessionsFitType = (f: Partial<ExclusionFields>, context: CheckContext): readonly FieldProblem[] => {
  if (f.type === 'permanent') {
    return f.sessions === undefined ? [] : [problem('sessions', 'no sessions for a permanent exclusion (leave the field out)')]
  }
  if (f.type !== 'suspension') return []
  if (f.sessions === undefined) {
    // Sent but invalid has its own error; a withdrawal need not repeat the sessions.
    return context.sent('sessions') || context.withdrawn
      ? []
      : [problem('sessions', 'a whole number ≥ 1 of half-day sessions for a suspension; the field is required')]
  }
  return f.sessions >= 1 ? [] : [problem('sessions', 'a whole number ≥ 1 of half-day sessions for a suspension')]
}

export const exclusionSpec = defineKind<'exclusion'>({
  fields: {
    schoolUrn: required(SchoolUrn),
    type: required(oneOf(['suspension', 'permanent'] as const)),
    start: required(IsoDate),
    sessions: optional(Count),
    reason: required(ExclusionReason),
  },
  checks: (fields, context) => [...sessionsFitType(fields, context), ...dateNotAfterRecorded('start', fields.start, context)],
})
