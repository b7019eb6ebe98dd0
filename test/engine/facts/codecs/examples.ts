/**
 * Synthetic fact lines for the codec and batch tests: one valid example per
 * kind, and small helpers to mutate them and read the errors back.
 * Identifiers are computed, never typed in: UPNs from upnCheckLetter, NHS
 * numbers from the 999 test range with nhsCheckDigit.
 */
import * as E from 'fp-ts/Either'
import type { FactKind, FactVersion } from '../../../../engine/facts/fact'
import { nhsCheckDigit } from '../../../../engine/facts/identifiers/nhs-number'
import { upnCheckLetter } from '../../../../engine/facts/identifiers/upn'
import { decodeFactLine } from '../../../../engine/batch/decode-line'
import type { LineError } from '../../../../engine/batch/line-error'

export type Json = Readonly<Record<string, unknown>>

export const upnFor = (body: string): string => {
  const letter = upnCheckLetter(body)
  if (letter === undefined) throw new Error(`no check letter for ${body}`)
  return letter + body
}

export const nhsFor = (firstNine: string): string => {
  const digit = nhsCheckDigit(firstNine)
  if (digit === undefined) throw new Error(`no check digit for ${firstNine}`)
  return firstNine + digit
}

export const UPN = upnFor('999000000001')
export const NHS_NUMBER = nhsFor('999000001')
export const RECORDED_AT = '2024-03-01T10:00:00Z'

const envelope = (kind: FactKind, source: string, sourceId: string, subject: Json): Json => ({
  kind,
  source,
  sourceId,
  subject,
  recordedAt: RECORDED_AT,
})

export const EXAMPLES: { readonly [K in FactKind]: Json } = {
  child: {
    ...envelope('child', 'social_care', 'PERSON-0001', { childId: 'C0000001' }),
    childId: 'C0000001',
    dateOfBirth: '2012-05-06',
    sex: 'F',
    locality: 'North Testshire',
    ethnicity: 'WBRI',
    givenName: 'Testa',
    familyName: 'Fixture',
    upn: UPN,
    nhsNumber: NHS_NUMBER,
    policeId: 'PN-0001',
    socialCareId: 'SC/0001',
    yjId: 'YJ-0001',
  },
  care_period: {
    ...envelope('care_period', 'social_care', 'CP-0001', { socialCareId: 'SC/0001' }),
    start: '2023-09-01',
    end: null,
    legalStatus: 'C2',
  },
  missing_episode: {
    ...envelope('missing_episode', 'police', 'MP-0001', { policeId: 'PN-0001' }),
    start: '2024-02-20T22:00:00Z',
    end: '2024-02-21T08:30:00Z',
    category: 'missing',
    returnInterview: { offeredAt: '2024-02-22T09:00:00Z', completedAt: null, declinedAt: null },
  },
  attendance: {
    ...envelope('attendance', 'education', 'ATT-0001', { upn: UPN }),
    schoolUrn: '100001',
    periodStart: '2024-02-19',
    periodEnd: '2024-03-01',
    possibleSessions: 20,
    attendedSessions: 16,
    authorisedAbsences: 2,
    unauthorisedAbsences: 2,
  },
  exclusion: {
    ...envelope('exclusion', 'education', 'EX-0001', { upn: UPN }),
    schoolUrn: '100001',
    type: 'suspension',
    start: '2024-02-12',
    sessions: 4,
    reason: 'DB',
  },
  education_status: {
    ...envelope('education_status', 'education', 'ES-0001', { upn: UPN }),
    status: 'reduced_timetable',
    start: '2024-01-08',
    end: '2024-04-01',
  },
  ace_indicator: {
    ...envelope('ace_indicator', 'early_help', 'ACE-0001', { childId: 'C0000001' }),
    category: 'domestic_abuse',
    identifiedOn: '2024-01-15',
  },
  assessment_factor: {
    ...envelope('assessment_factor', 'social_care', 'AF-0001', { socialCareId: 'SC/0001' }),
    code: '3B',
    identifiedOn: '2024-01-15',
  },
  domestic_abuse_contact: {
    ...envelope('domestic_abuse_contact', 'police', 'DA-0001', { nhsNumber: NHS_NUMBER }),
    occurredOn: '2024-02-10',
    channel: 'police_incident',
    childRole: 'witness',
    riskLevel: 'high',
  },
  drug_intelligence: {
    ...envelope('drug_intelligence', 'police', 'INT-0001', { policeId: 'PN-0001' }),
    reportedOn: '2024-02-14',
    category: 'county_lines',
    grading: 'R/B',
    handlingCode: 'C',
  },
  youth_justice_outcome: {
    ...envelope('youth_justice_outcome', 'youth_justice', 'YJ-OUT-0001', { yjId: 'YJ-0001' }),
    occurredOn: '2024-02-01',
    outcome: 'youth_caution',
    offenceCategory: 'theft (synthetic example)',
  },
}

/** The example with some fields replaced (or added). */
export const withFields = (o: Json, patch: Json): Json => ({ ...o, ...patch })

/** The example without some fields. */
export const without = (o: Json, ...keys: readonly string[]): Json =>
  Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)))

/** A withdrawal of the example: its envelope, `withdrawn: true`, and any extra fields. */
export const withdrawalOf = (o: Json, extra: Json = {}): Json => ({
  kind: o['kind'],
  source: o['source'],
  sourceId: o['sourceId'],
  subject: o['subject'],
  recordedAt: o['recordedAt'],
  withdrawn: true,
  ...extra,
})

export const decode = (o: unknown, line = 1): E.Either<readonly LineError[], FactVersion> =>
  decodeFactLine(JSON.stringify(o), line)

export const errorsOf = (o: unknown): readonly LineError[] => {
  const r = decode(o)
  return E.isLeft(r) ? r.left : []
}

/** The paths of every error, in the order reported. */
export const pathsOf = (o: unknown): readonly string[] => errorsOf(o).map((e) => e.path)

export const decoded = (o: unknown): FactVersion => {
  const r = decode(o)
  if (E.isLeft(r)) throw new Error(`expected a valid fact: ${JSON.stringify(r.left)}`)
  return r.right
}
