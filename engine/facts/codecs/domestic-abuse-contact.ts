/** `domestic_abuse_contact` (SPEC §2, DOMAIN.md §7). */
import { dateNotAfterRecorded } from './checks'
import { IsoDate } from './dates'
import { optional, required } from './fields'
import { defineKind } from './kind-spec'
import { oneOf } from './one-of'

export const domesticAbuseContactSpec = defineKind<'domestic_abuse_contact'>({
  fields: {
    occurredOn: required(IsoDate),
    channel: required(oneOf(['police_incident', 'mash_contact', 'marac_referral'] as const)),
    childRole: required(oneOf(['victim', 'witness', 'present', 'household_member'] as const)),
    riskLevel: optional(oneOf(['standard', 'medium', 'high'] as const)),
  },
  checks: (fields, context) => dateNotAfterRecorded('occurredOn', fields.occurredOn, context),
})
