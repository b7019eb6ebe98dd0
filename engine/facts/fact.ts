/**
 * The decoded, normalised form of every fact kind in SPEC §2.
 *
 * Field names and value formats are exactly those of the NDJSON input, so a
 * decoded fact can be written back as JSON (for storage, canonical JSON and
 * version comparison) without a mapper. Dates are `YYYY-MM-DD` strings and
 * date-times RFC 3339 strings; agency identifiers are already normalised
 * (spaces removed, letters upper-cased) and checked.
 */

export type IsoDate = string
export type IsoDateTime = string

export const FACT_KINDS = [
  'child',
  'care_period',
  'missing_episode',
  'attendance',
  'exclusion',
  'education_status',
  'ace_indicator',
  'assessment_factor',
  'domestic_abuse_contact',
  'drug_intelligence',
  'youth_justice_outcome',
] as const
export type FactKind = (typeof FACT_KINDS)[number]

export const AGENCY_IDENTIFIERS = ['upn', 'nhsNumber', 'policeId', 'socialCareId', 'yjId'] as const
export type AgencyIdentifier = (typeof AGENCY_IDENTIFIERS)[number]
export type SubjectKey = 'childId' | AgencyIdentifier

/** Exactly one key: `{ childId }` or one agency identifier. */
export type Subject = { readonly [K in SubjectKey]?: string }

export interface Envelope<K extends FactKind> {
  readonly kind: K
  readonly source: string
  readonly sourceId: string
  readonly subject: Subject
  readonly recordedAt: IsoDateTime
  readonly withdrawn?: false
}

export interface ChildFields {
  readonly childId: string
  readonly dateOfBirth: IsoDate
  readonly sex: 'F' | 'M' | 'X' | 'U'
  readonly locality: string
  readonly ethnicity?: string
  readonly givenName?: string
  readonly familyName?: string
  readonly upn?: string
  readonly nhsNumber?: string
  readonly policeId?: string
  readonly socialCareId?: string
  readonly yjId?: string
}

export interface CarePeriodFields {
  readonly start: IsoDate
  readonly end: IsoDate | null
  readonly legalStatus: string
}

export interface ReturnInterview {
  readonly offeredAt: IsoDateTime | null
  readonly completedAt: IsoDateTime | null
  readonly declinedAt: IsoDateTime | null
}

export interface MissingEpisodeFields {
  readonly start: IsoDateTime
  readonly end: IsoDateTime | null
  readonly category: 'missing' | 'away'
  readonly returnInterview?: ReturnInterview
}

export interface AttendanceFields {
  readonly schoolUrn: string
  readonly periodStart: IsoDate
  readonly periodEnd: IsoDate
  readonly possibleSessions: number
  readonly attendedSessions: number
  readonly authorisedAbsences: number
  readonly unauthorisedAbsences: number
}

export interface ExclusionFields {
  readonly schoolUrn: string
  readonly type: 'suspension' | 'permanent'
  readonly start: IsoDate
  readonly sessions?: number
  readonly reason: string
}

export interface EducationStatusFields {
  readonly status: 'reduced_timetable' | 'elective_home_education' | 'missing_education' | 'alternative_provision'
  readonly start: IsoDate
  readonly end: IsoDate | null
}

export const ACE_CATEGORIES = [
  'physical_abuse',
  'emotional_abuse',
  'sexual_abuse',
  'physical_neglect',
  'emotional_neglect',
  'domestic_abuse',
  'household_substance_misuse',
  'household_mental_illness',
  'parental_separation',
  'household_incarceration',
] as const
export type AceCategory = (typeof ACE_CATEGORIES)[number]

export interface AceIndicatorFields {
  readonly category: AceCategory
  readonly identifiedOn: IsoDate
}

export interface AssessmentFactorFields {
  readonly code: string
  readonly identifiedOn: IsoDate
}

export interface DomesticAbuseContactFields {
  readonly occurredOn: IsoDate
  readonly channel: 'police_incident' | 'mash_contact' | 'marac_referral'
  readonly childRole: 'victim' | 'witness' | 'present' | 'household_member'
  readonly riskLevel?: 'standard' | 'medium' | 'high'
}

export interface DrugIntelligenceFields {
  readonly reportedOn: IsoDate
  readonly category: 'county_lines' | 'supply' | 'possession' | 'association'
  readonly grading?: string
  readonly handlingCode: 'P' | 'C'
}

/** In SPEC §2 order: when two formal outcomes share the first date, the earlier listed wins. */
export const YOUTH_JUSTICE_OUTCOMES = [
  'community_resolution',
  'no_further_action',
  'youth_caution',
  'youth_conditional_caution',
  'referral_order',
  'youth_rehabilitation_order',
  'custodial_sentence',
  'fine_or_discharge',
  'other_conviction',
] as const
export type YouthJusticeOutcome = (typeof YOUTH_JUSTICE_OUTCOMES)[number]

export interface YouthJusticeOutcomeFields {
  readonly occurredOn: IsoDate
  readonly outcome: YouthJusticeOutcome
  readonly offenceCategory: string
}

export interface FieldsByKind {
  readonly child: ChildFields
  readonly care_period: CarePeriodFields
  readonly missing_episode: MissingEpisodeFields
  readonly attendance: AttendanceFields
  readonly exclusion: ExclusionFields
  readonly education_status: EducationStatusFields
  readonly ace_indicator: AceIndicatorFields
  readonly assessment_factor: AssessmentFactorFields
  readonly domestic_abuse_contact: DomesticAbuseContactFields
  readonly drug_intelligence: DrugIntelligenceFields
  readonly youth_justice_outcome: YouthJusticeOutcomeFields
}

export type FactOf<K extends FactKind> = Envelope<K> & FieldsByKind[K]

/** A fact that counts (not a withdrawal). */
export type Fact = { [K in FactKind]: FactOf<K> }[FactKind]

/** A retraction: the envelope, the kind, `withdrawn: true`; other fields optional but checked when present. */
export type Withdrawal = {
  [K in FactKind]: Omit<Envelope<K>, 'withdrawn'> & { readonly withdrawn: true } & Partial<FieldsByKind[K]>
}[FactKind]

/** One line of a batch, decoded: a fact or a withdrawal. */
export type FactVersion = Fact | Withdrawal

export type ChildRecord = FactOf<'child'>

export const isWithdrawal = (v: FactVersion): v is Withdrawal => v.withdrawn === true

/** `(source, sourceId)` identifies a fact across versions. */
export const factKey = (v: { readonly source: string; readonly sourceId: string }): string =>
  `${v.source}\u0000${v.sourceId}`

/** The single `[key, value]` of a subject. */
export const subjectEntry = (subject: Subject): readonly [SubjectKey, string] => {
  const entries = Object.entries(subject) as [SubjectKey, string][]
  // Codecs guarantee exactly one entry; the fallback keeps the type total.
  return entries[0] ?? ['childId', '']
}
