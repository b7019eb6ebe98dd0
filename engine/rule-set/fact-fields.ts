/**
 * Which fields of each fact kind a condition may read, and how: `where` may
 * filter on a code or text field (and on the envelope's `source`), `sum` adds
 * up a count field, `distinct` counts the values of a code or text field.
 * Listing the codes lets a typo in a rule (`"suspention"`) be refused on load
 * instead of silently matching nothing.
 */
import { ACE_CATEGORIES, YOUTH_JUSTICE_OUTCOMES } from '../facts/fact'
import type { FactKind } from '../facts/fact'
import { ASSESSMENT_FACTOR_CODES, EXCLUSION_REASONS, LEGAL_STATUSES } from '../facts/codecs/codes'

export type FieldSpec =
  | { readonly type: 'code'; readonly values: readonly string[] }
  | { readonly type: 'text' }
  | { readonly type: 'count' }
  | { readonly type: 'date' }

const code = (values: readonly string[]): FieldSpec => ({ type: 'code', values })
const text: FieldSpec = { type: 'text' }
const count: FieldSpec = { type: 'count' }
const date: FieldSpec = { type: 'date' }

export const FACT_FIELDS: { readonly [K in Exclude<FactKind, 'child'>]: Readonly<Record<string, FieldSpec>> } = {
  care_period: { source: text, start: date, end: date, legalStatus: code(LEGAL_STATUSES) },
  missing_episode: { source: text, start: date, end: date, category: code(['missing', 'away']) },
  attendance: {
    source: text,
    schoolUrn: text,
    periodStart: date,
    periodEnd: date,
    possibleSessions: count,
    attendedSessions: count,
    authorisedAbsences: count,
    unauthorisedAbsences: count,
  },
  exclusion: {
    source: text,
    schoolUrn: text,
    type: code(['suspension', 'permanent']),
    start: date,
    sessions: count,
    reason: code(EXCLUSION_REASONS),
  },
  education_status: {
    source: text,
    status: code(['reduced_timetable', 'elective_home_education', 'missing_education', 'alternative_provision']),
    start: date,
    end: date,
  },
  ace_indicator: { source: text, category: code(ACE_CATEGORIES), identifiedOn: date },
  assessment_factor: { source: text, code: code(ASSESSMENT_FACTOR_CODES), identifiedOn: date },
  domestic_abuse_contact: {
    source: text,
    occurredOn: date,
    channel: code(['police_incident', 'mash_contact', 'marac_referral']),
    childRole: code(['victim', 'witness', 'present', 'household_member']),
    riskLevel: code(['standard', 'medium', 'high']),
  },
  drug_intelligence: {
    source: text,
    reportedOn: date,
    category: code(['county_lines', 'supply', 'possession', 'association']),
    grading: text,
    handlingCode: code(['P', 'C']),
  },
  youth_justice_outcome: { source: text, occurredOn: date, outcome: code(YOUTH_JUSTICE_OUTCOMES), offenceCategory: text },
}

/** The spec of a kind's field; own properties only, so `"constructor"` is not a field. */
export const fieldSpec = (kind: Exclude<FactKind, 'child'>, field: string): FieldSpec | undefined =>
  Object.prototype.hasOwnProperty.call(FACT_FIELDS[kind], field) ? FACT_FIELDS[kind][field] : undefined
