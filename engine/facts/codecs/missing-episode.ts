/**
 * `missing_episode` (SPEC §2): date-time bounds, so its checks compare
 * instants. Every time in it, return-interview times included, has happened
 * by `recordedAt`.
 */
import type { MissingEpisodeFields, ReturnInterview as ReturnInterviewType } from '../fact'
import { endInstantNotBeforeStart, instantNotAfterRecorded } from './checks'
import { IsoDateTime, nullOr } from './dates'
import { optional, required } from './fields'
import { defineKind, type CheckContext } from './kind-spec'
import { oneOf } from './one-of'
import type { FieldProblem } from './problems'
import { strictObject } from './strict-object'

const INTERVIEW_TIMES = ['offeredAt', 'completedAt', 'declinedAt'] as const

export const ReturnInterview = strictObject<ReturnInterviewType>(
  'a return interview: an object with offeredAt, completedAt and declinedAt, each a date-time or null',
  {
    offeredAt: required(nullOr(IsoDateTime)),
    completedAt: required(nullOr(IsoDateTime)),
    declinedAt: required(nullOr(IsoDateTime)),
  },
)

const interviewTimesHaveHappened = (fields: Partial<MissingEpisodeFields>, context: CheckContext): readonly FieldProblem[] => {
  const interview = fields.returnInterview
  if (interview === undefined) return []
  return INTERVIEW_TIMES.flatMap((key) => instantNotAfterRecorded(['returnInterview', key], interview[key], context))
}

export const missingEpisodeSpec = defineKind<'missing_episode'>({
  fields: {
    start: required(IsoDateTime),
    end: required(nullOr(IsoDateTime)),
    category: required(oneOf(['missing', 'away'] as const)),
    returnInterview: optional(ReturnInterview),
  },
  checks: (fields, context) => [
    ...endInstantNotBeforeStart(fields.end, fields.start),
    ...instantNotAfterRecorded('start', fields.start, context),
    ...instantNotAfterRecorded('end', fields.end, context),
    ...interviewTimesHaveHappened(fields, context),
  ],
})
