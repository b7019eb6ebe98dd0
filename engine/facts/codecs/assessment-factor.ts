/** `assessment_factor`: a Children in Need census factor (SPEC §2, DOMAIN.md §6). */
import { dateNotAfterRecorded } from './checks'
import { AssessmentFactorCode } from './codes'
import { IsoDate } from './dates'
import { required } from './fields'
import { defineKind } from './kind-spec'

export const assessmentFactorSpec = defineKind<'assessment_factor'>({
  fields: {
    code: required(AssessmentFactorCode),
    identifiedOn: required(IsoDate),
  },
  checks: (fields, context) => dateNotAfterRecorded('identifiedOn', fields.identifiedOn, context),
})
