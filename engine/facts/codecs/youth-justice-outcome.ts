/** `youth_justice_outcome` (SPEC §2, DOMAIN.md §9). */
import { YOUTH_JUSTICE_OUTCOMES } from '../fact'
import { dateNotAfterRecorded } from './checks'
import { IsoDate } from './dates'
import { required } from './fields'
import { defineKind } from './kind-spec'
import { oneOf } from './one-of'
import { FreeText } from './text'

export const youthJusticeOutcomeSpec = defineKind<'youth_justice_outcome'>({
  fields: {
    occurredOn: required(IsoDate),
    outcome: required(oneOf(YOUTH_JUSTICE_OUTCOMES)),
    offenceCategory: required(FreeText),
  },
  checks: (fields, context) => dateNotAfterRecorded('occurredOn', fields.occurredOn, context),
})
