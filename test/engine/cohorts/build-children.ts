/**
 * Small typed builders for hand-made synthetic children in cohort tests.
 * Not a test file itself (tap runs only *.test.ts).
 */
import type { ChildRecord, Fact, FactOf, YouthJusticeOutcome } from '../../../engine/facts/fact'
import type { ChildFacts } from '../../../engine/linking/child-facts'

let serial = 0
const next = (prefix: string): string => `${prefix}-${++serial}`

const envelope = <K extends Fact['kind']>(kind: K, childId: string, source: string) => ({
  kind,
  source,
  sourceId: next(kind),
  subject: { childId },
  recordedAt: '2026-12-31T12:00:00Z',
})

export const childRecord = (childId: string, extra: Partial<ChildRecord> = {}): ChildRecord => ({
  ...envelope('child', childId, 'social_care'),
  childId,
  dateOfBirth: '2012-03-04',
  sex: 'F',
  locality: 'North',
  ...extra,
})

export const withFacts = (child: ChildRecord, facts: readonly Fact[]): ChildFacts => ({ child, facts })

export const episode = (
  childId: string,
  start: string,
  end: string | null,
  extra: Partial<FactOf<'missing_episode'>> = {},
): FactOf<'missing_episode'> => ({
  ...envelope('missing_episode', childId, 'police'),
  start,
  end,
  category: 'missing',
  ...extra,
})

export const attendance = (
  childId: string,
  periodStart: string,
  periodEnd: string,
  possibleSessions: number,
  attendedSessions: number,
): FactOf<'attendance'> => ({
  ...envelope('attendance', childId, 'education'),
  schoolUrn: '100001',
  periodStart,
  periodEnd,
  possibleSessions,
  attendedSessions,
  authorisedAbsences: possibleSessions - attendedSessions,
  unauthorisedAbsences: 0,
})

export const suspension = (childId: string, start: string, sessions = 2): FactOf<'exclusion'> => ({
  ...envelope('exclusion', childId, 'education'),
  schoolUrn: '100001',
  type: 'suspension',
  start,
  sessions,
  reason: 'DB',
})

export const permanentExclusion = (childId: string, start: string): FactOf<'exclusion'> => ({
  ...envelope('exclusion', childId, 'education'),
  schoolUrn: '100001',
  type: 'permanent',
  start,
  reason: 'DA',
})

export const carePeriod = (childId: string, start: string, end: string | null): FactOf<'care_period'> => ({
  ...envelope('care_period', childId, 'social_care'),
  start,
  end,
  legalStatus: 'C2',
})

export const outcome = (childId: string, occurredOn: string, o: YouthJusticeOutcome): FactOf<'youth_justice_outcome'> => ({
  ...envelope('youth_justice_outcome', childId, 'youth_justice'),
  occurredOn,
  outcome: o,
  offenceCategory: 'theft',
})

export const drugIntelligence = (childId: string, reportedOn: string): FactOf<'drug_intelligence'> => ({
  ...envelope('drug_intelligence', childId, 'police'),
  reportedOn,
  category: 'supply',
  handlingCode: 'P',
})
