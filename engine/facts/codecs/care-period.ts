/** `care_period`: looked after by the local authority (SPEC §2). A planned `end` may lie ahead; the start may not. */
import { dateNotAfterRecorded, endNotBeforeStart } from './checks'
import { LegalStatus } from './codes'
import { IsoDate, nullOr } from './dates'
import { required } from './fields'
import { defineKind } from './kind-spec'

export const carePeriodSpec = defineKind<'care_period'>({
  fields: {
    start: required(IsoDate),
    end: required(nullOr(IsoDate)),
    legalStatus: required(LegalStatus),
  },
  checks: (fields, context) => [
    ...endNotBeforeStart('end', fields.end, 'start', fields.start, true),
    ...dateNotAfterRecorded('start', fields.start, context),
  ],
})
