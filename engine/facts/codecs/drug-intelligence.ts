/** `drug_intelligence`: police intelligence with its 3x5x2 grading and handling code (SPEC §2, DOMAIN.md §8). */
import { dateNotAfterRecorded } from './checks'
import { Grading } from './codes'
import { IsoDate } from './dates'
import { optional, required } from './fields'
import { defineKind } from './kind-spec'
import { oneOf } from './one-of'

export const drugIntelligenceSpec = defineKind<'drug_intelligence'>({
  fields: {
    reportedOn: required(IsoDate),
    category: required(oneOf(['county_lines', 'supply', 'possession', 'association'] as const)),
    grading: optional(Grading),
    handlingCode: required(oneOf(['P', 'C'] as const)),
  },
  checks: (fields, context) => dateNotAfterRecorded('reportedOn', fields.reportedOn, context),
})
