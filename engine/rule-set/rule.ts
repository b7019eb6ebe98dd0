/**
 * One rule file (SPEC §3): id, title, category, weight, plain-English
 * description, a rationale citing DOMAIN.md, the condition, and worked
 * examples that one harness runs (test/rules/rule-examples.test.ts).
 */
import * as t from 'io-ts'
import type { RuleCategory } from '../evaluate/evaluation'
import type { IsoDate } from '../facts/fact'
import { isIsoDate } from '../time/calendar'
import { NonEmptyString, WholeNumber, closed, described, literalOf, nonEmptyArray } from './closed-type'
import { Condition, RuleId } from './condition'

export const RULE_CATEGORIES: readonly RuleCategory[] = [
  'missing',
  'education',
  'domestic_abuse',
  'social_care',
  'police_intelligence',
  'youth_justice',
  'composite',
]

export const IsoDateCodec = described('a date YYYY-MM-DD', t.string, isIsoDate)

/** What an example expects of its rule: raised or not, and optionally the exact evidence ids and explanation. */
export interface ExampleExpectation {
  readonly raised: boolean
  /** `sourceId`s of the evidence, in the flag's order (date, kind, source, sourceId). */
  readonly evidence?: readonly string[]
  readonly explanation?: string
}

/**
 * A worked example: facts in the SPEC §2 input format (decoded by the harness,
 * not here, so the rule set does not depend on the fact decoder), the as-of
 * date, optional overrides of the default child record, and what to expect.
 */
export interface RuleExample {
  readonly name: string
  readonly asOf: IsoDate
  readonly facts: readonly Readonly<Record<string, unknown>>[]
  readonly child?: Readonly<Record<string, unknown>>
  readonly expect: ExampleExpectation
}

export interface Rule {
  readonly id: string
  readonly title: string
  readonly category: RuleCategory
  readonly weight: number
  readonly description: string
  readonly rationale: string
  readonly condition: Condition
  readonly examples: readonly RuleExample[]
}

const ExampleExpectation: t.Type<ExampleExpectation, ExampleExpectation, unknown> = closed(
  'expect',
  { raised: t.boolean },
  { evidence: t.readonlyArray(t.string), explanation: t.string },
)

export const RuleExample: t.Type<RuleExample, RuleExample, unknown> = closed(
  'example',
  { name: NonEmptyString, asOf: IsoDateCodec, facts: t.readonlyArray(t.UnknownRecord), expect: ExampleExpectation },
  { child: t.UnknownRecord },
)

export const Rule: t.Type<Rule, Rule, unknown> = closed('rule', {
  id: RuleId,
  title: NonEmptyString,
  category: literalOf(RULE_CATEGORIES, 'a rule category'),
  weight: WholeNumber,
  description: NonEmptyString,
  rationale: NonEmptyString,
  condition: Condition,
  examples: nonEmptyArray(RuleExample, 'worked examples'),
})
