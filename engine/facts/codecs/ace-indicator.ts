/** `ace_indicator`: an adverse childhood experience recorded directly (SPEC §2). */
import { ACE_CATEGORIES } from '../fact'
import { dateNotAfterRecorded } from './checks'
import { IsoDate } from './dates'
import { required } from './fields'
import { defineKind } from './kind-spec'
import { oneOf } from './one-of'

export const aceIndicatorSpec = defineKind<'ace_indicator'>({
  fields: {
    category: required(oneOf(ACE_CATEGORIES)),
    identifiedOn: required(IsoDate),
  },
  checks: (fields, context) => dateNotAfterRecorded('identifiedOn', fields.identifiedOn, context),
})
