/** `education_status` (SPEC §2). A planned `end` may lie ahead; the start may not. */
import { dateNotAfterRecorded, endNotBeforeStart } from './checks'
import { IsoDate, nullOr } from './dates'
import { required } from './fields'
import { defineKind } from './kind-spec'
import { oneOf } from './one-of'

export const educationStatusSpec = defineKind<'education_status'>({
  fields: {
    status: required(
      oneOf(['reduced_timetable', 'elective_home_education', 'missing_education', 'alternative_provision'] as const),
    ),
    start: required(IsoDate),
    end: required(nullOr(IsoDate)),
  },
  checks: (fields, context) => [
    ...endNotBeforeStart('end', fields.end, 'start', fields.start, true),
    ...dateNotAfterRecorded('start', fields.start, context),
  ],
})
