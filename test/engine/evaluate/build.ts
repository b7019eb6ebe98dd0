/**
 * Builders for evaluator tests: typed facts (no decoder involved), a child,
 * and small rule sets around one condition. Synthetic data only.
 */
import type { ChildRecord, Fact, FactOf } from '../../../engine/facts/fact'
import type { ChildFacts } from '../../../engine/linking/child-facts'
import type { Condition } from '../../../engine/rule-set/condition'
import type { Rule, RuleSet } from '../../../engine/rule-set/rule-set'

const subject = { childId: 'C1' }
const recordedAt = '2030-01-01T00:00:00Z'

export const child = (overrides: Partial<ChildRecord> = {}): ChildRecord => ({
  kind: 'child',
  source: 'social_care',
  sourceId: 'CHILD-C1',
  subject,
  recordedAt,
  childId: 'C1',
  dateOfBirth: '2011-05-01',
  sex: 'F',
  locality: 'North',
  ...overrides,
})

export const childFacts = (facts: readonly Fact[], overrides: Partial<ChildRecord> = {}): ChildFacts => ({
  child: child(overrides),
  facts,
})

export const missing = (
  sourceId: string,
  start: string,
  end: string | null,
  extra: Partial<FactOf<'missing_episode'>> = {},
): FactOf<'missing_episode'> => ({
  kind: 'missing_episode',
  source: 'police',
  sourceId,
  subject,
  recordedAt,
  start,
  end,
  category: 'missing',
  ...extra,
})

export const attendance = (sourceId: string, periodEnd: string, possible: number, attended: number): FactOf<'attendance'> => ({
  kind: 'attendance',
  source: 'education',
  sourceId,
  subject,
  recordedAt,
  schoolUrn: '100001',
  periodStart: periodEnd,
  periodEnd,
  possibleSessions: possible,
  attendedSessions: attended,
  authorisedAbsences: possible - attended,
  unauthorisedAbsences: 0,
})

export const suspension = (sourceId: string, start: string, sessions: number): FactOf<'exclusion'> => ({
  kind: 'exclusion',
  source: 'education',
  sourceId,
  subject,
  recordedAt,
  schoolUrn: '100001',
  type: 'suspension',
  start,
  sessions,
  reason: 'DB',
})

export const permanent = (sourceId: string, start: string): FactOf<'exclusion'> => ({
  kind: 'exclusion',
  source: 'education',
  sourceId,
  subject,
  recordedAt,
  schoolUrn: '100001',
  type: 'permanent',
  start,
  reason: 'DA',
})

export const care = (sourceId: string, start: string, end: string | null): FactOf<'care_period'> => ({
  kind: 'care_period',
  source: 'social_care',
  sourceId,
  subject,
  recordedAt,
  start,
  end,
  legalStatus: 'C2',
})

export const aceIndicator = (sourceId: string, category: FactOf<'ace_indicator'>['category'], identifiedOn: string): FactOf<'ace_indicator'> => ({
  kind: 'ace_indicator',
  source: 'social_care',
  sourceId,
  subject,
  recordedAt,
  category,
  identifiedOn,
})

export const factor = (sourceId: string, code: string, identifiedOn: string): FactOf<'assessment_factor'> => ({
  kind: 'assessment_factor',
  source: 'social_care',
  sourceId,
  subject,
  recordedAt,
  code,
  identifiedOn,
})

export const intelligence = (
  sourceId: string,
  reportedOn: string,
  extra: Partial<FactOf<'drug_intelligence'>> = {},
): FactOf<'drug_intelligence'> => ({
  kind: 'drug_intelligence',
  source: 'police',
  sourceId,
  subject,
  recordedAt,
  reportedOn,
  category: 'supply',
  handlingCode: 'P',
  ...extra,
})

export const daContact = (
  sourceId: string,
  occurredOn: string,
  extra: Partial<FactOf<'domestic_abuse_contact'>> = {},
): FactOf<'domestic_abuse_contact'> => ({
  kind: 'domestic_abuse_contact',
  source: 'police',
  sourceId,
  subject,
  recordedAt,
  occurredOn,
  channel: 'police_incident',
  childRole: 'witness',
  ...extra,
})

export const educationStatus = (
  sourceId: string,
  status: FactOf<'education_status'>['status'],
  start: string,
  end: string | null,
): FactOf<'education_status'> => ({
  kind: 'education_status',
  source: 'education',
  sourceId,
  subject,
  recordedAt,
  status,
  start,
  end,
})

export const youthOutcome = (sourceId: string, occurredOn: string): FactOf<'youth_justice_outcome'> => ({
  kind: 'youth_justice_outcome',
  source: 'youth_justice',
  sourceId,
  subject,
  recordedAt,
  occurredOn,
  outcome: 'youth_caution',
  offenceCategory: 'theft',
})

export const rule = (id: string, condition: Condition, extra: Partial<Rule> = {}): Rule => ({
  id,
  title: `Title of ${id}`,
  category: 'missing',
  weight: 1,
  description: 'test rule',
  rationale: 'test rule',
  condition,
  examples: [],
  ...extra,
})

export const ruleSet = (rules: readonly Rule[]): RuleSet => ({
  id: 'test',
  version: '0.0.1',
  hash: 'sha256:test',
  tiers: { high: 10, medium: 5, low: 1 },
  aceByFactor: { '3B': 'domestic_abuse', '4B': 'household_mental_illness', '16A': 'physical_neglect' },
  rules,
  cohorts: [],
})

import { buildChildContext, compileCondition, compileRuleSet, ruleResultOf } from '../../../engine/evaluate'
import type { NodeResult } from '../../../engine/evaluate'

const UNDER_TEST = 'CONDITION_UNDER_TEST'

/**
 * Evaluates one condition for child C1 as of `asOf`, with `rules` available
 * to references. The condition is evaluated both ways the engine has: as a
 * rule of the set (its value from the one pass over the facts, its result on
 * demand) and as a condition compiled on its own (a cohort's way); the call
 * throws if the value and the results disagree, so every test that uses this
 * also checks that they agree.
 */
export const evaluateCondition = (
  condition: Condition,
  facts: readonly Fact[],
  asOf: string,
  rules: readonly Rule[] = [],
  overrides: Partial<ChildRecord> = {},
): NodeResult => {
  const compiled = compileRuleSet(ruleSet([...rules, rule(UNDER_TEST, condition)]))
  const ctx = buildChildContext(compiled, childFacts(facts, overrides), asOf)
  const asRule = ruleResultOf(compiled, ctx, UNDER_TEST)
  const slot = compiled.byId.get(UNDER_TEST)?.slot
  if (asRule === undefined || slot === undefined) throw new Error('the condition under test is in the compiled set')
  const alone = compileCondition(condition, compiled)(ctx)
  if (ctx.ruleValue(slot) !== asRule.value || JSON.stringify(alone) !== JSON.stringify(asRule)) {
    throw new Error(`value ${ctx.ruleValue(slot)}, result ${JSON.stringify(asRule)}, alone ${JSON.stringify(alone)}: they disagree`)
  }
  return alone
}
