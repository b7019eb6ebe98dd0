/**
 * The evaluator works a rule's value out in one pass over the facts, and its
 * full result (numbers, hits, explanation) only when asked (engine/evaluate/
 * compiled-condition.ts). Checked here with fast-check: for random facts,
 * random as-of dates and random rule sets (every primitive, every window,
 * filters, all/any/not, references to earlier rules), and for the shipped
 * rule set, every rule's value is its result's value, a condition compiled on
 * its own (a cohort's way) gives the same result and, compiled for its value
 * alone (how scoring and cohort lists test membership), the same value, and
 * the flags are exactly the rules whose value holds.
 */
import t from 'tap'
import fc from 'fast-check'
import * as E from 'fp-ts/Either'
import { buildChildContext, compileCondition, compileConditionValue, compileRuleSet, evaluateChild } from '../../../engine/evaluate'
import type { Fact } from '../../../engine/facts/fact'
import type { Condition, CountableKind, PeriodKind, Where } from '../../../engine/rule-set/condition'
import type { Rule, RuleSet } from '../../../engine/rule-set/rule-set'
import type { Window } from '../../../engine/rule-set/window'
import { loadRuleSet } from '../../../rules-loader/load-rule-set'
import { asOfArb, factsArb, future, pastOrPresent } from './arbitraries'
import { childFacts, rule, ruleSet } from './build'

const windowArb: fc.Arbitrary<Window> = fc.oneof(
  fc.integer({ min: 1, max: 400 }).map((days) => ({ days })),
  fc.integer({ min: 1, max: 24 }).map((months) => ({ months })),
  fc.constant('academicYear' as const),
  fc.constant('onOrBefore' as const),
)

/** Filters that some generated facts pass and others do not (and one on an absent field). */
const WHERE: { readonly [K in CountableKind]?: readonly Where[] } = {
  missing_episode: [{ category: ['missing'] }, { category: ['away', 'missing'] }],
  exclusion: [{ type: ['suspension'] }, { type: ['permanent'] }, { sessions: [null] }],
  drug_intelligence: [{ category: ['county_lines'] }, { category: ['supply', 'possession'] }],
  assessment_factor: [{ code: ['10A', '24A'] }],
  domestic_abuse_contact: [{ riskLevel: ['high'] }, { riskLevel: [null] }],
  education_status: [{ status: ['reduced_timetable', 'missing_education'] }],
}

const whereArb = (kind: CountableKind): fc.Arbitrary<Where | undefined> =>
  fc.option(fc.constantFrom(...(WHERE[kind] ?? [{}])), { nil: undefined })

const COUNTED: readonly CountableKind[] = [
  'missing_episode',
  'attendance',
  'exclusion',
  'care_period',
  'education_status',
  'ace_indicator',
  'assessment_factor',
  'domestic_abuse_contact',
  'drug_intelligence',
]

const withWhere = <A extends object>(spec: A, where: Where | undefined): A => (where === undefined ? spec : { ...spec, where })

const countArb: fc.Arbitrary<Condition> = fc
  .constantFrom(...COUNTED)
  .chain((kind) => fc.tuple(whereArb(kind), windowArb, fc.integer({ min: 1, max: 4 })).map(([where, window, atLeast]) => ({ count: withWhere({ kind, window, atLeast }, where) })))

const SUMMED = [
  { kind: 'exclusion', field: 'sessions' },
  { kind: 'attendance', field: 'possibleSessions' },
  { kind: 'attendance', field: 'attendedSessions' },
] as const

const sumArb: fc.Arbitrary<Condition> = fc
  .tuple(fc.constantFrom(...SUMMED), windowArb, fc.integer({ min: 1, max: 60 }))
  .chain(([{ kind, field }, window, atLeast]) => whereArb(kind).map((where) => ({ sum: withWhere({ kind, field, window, atLeast }, where) })))

const absenceArb: fc.Arbitrary<Condition> = fc
  .tuple(windowArb, fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 40 }))
  .map(([window, atLeastPercent, minPossibleSessions]) => ({ absenceRate: { window, atLeastPercent, minPossibleSessions } }))

const SOURCES = [
  { kind: 'ace_indicator', field: 'category' },
  { kind: 'assessment_factor', field: 'code', mapping: 'aceByFactor' },
  { kind: 'assessment_factor', field: 'code' },
  { kind: 'drug_intelligence', field: 'category' },
] as const

const distinctArb: fc.Arbitrary<Condition> = fc
  .tuple(fc.subarray([...SOURCES], { minLength: 1 }), windowArb, fc.integer({ min: 1, max: 5 }))
  .map(([of, window, atLeast]) => ({ distinct: { of, window, atLeast } }))

const OPENED: readonly PeriodKind[] = ['care_period', 'missing_episode', 'education_status']

const openArb: fc.Arbitrary<Condition> = fc
  .constantFrom(...OPENED)
  .chain((kind) => whereArb(kind).map((where) => ({ open: withWhere({ kind }, where) })))

const ageArb: fc.Arbitrary<Condition> = fc
  .tuple(fc.option(fc.integer({ min: 0, max: 18 }), { nil: undefined }), fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }))
  .map(([atLeast, below]) => ({ age: { ...(atLeast === undefined ? {} : { atLeast }), ...(below === undefined ? {} : { below }) } }))

const overdueArb: fc.Arbitrary<Condition> = fc
  .tuple(windowArb, fc.integer({ min: 0, max: 150 }))
  .map(([window, hoursAfterEnd]) => ({ returnInterviewOverdue: { window, hoursAfterEnd } }))

const leafArb = (earlier: readonly string[]): fc.Arbitrary<Condition> =>
  fc.oneof(
    countArb,
    sumArb,
    absenceArb,
    distinctArb,
    openArb,
    ageArb,
    overdueArb,
    ...(earlier.length === 0 ? [] : [fc.constantFrom(...earlier).map((id): Condition => ({ rule: id }))]),
  )

/** A condition up to a few levels deep, which may refer to the rules before it. */
const conditionArb = (earlier: readonly string[]): fc.Arbitrary<Condition> =>
  fc.letrec<{ node: Condition; all: Condition; any: Condition; not: Condition }>((tie) => ({
    node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leafArb(earlier), tie('all'), tie('any'), tie('not')),
    all: fc.array(tie('node'), { minLength: 1, maxLength: 3 }).map((all) => ({ all })),
    any: fc.array(tie('node'), { minLength: 1, maxLength: 3 }).map((any) => ({ any })),
    not: tie('node').map((not) => ({ not })),
  })).node

const IDS = ['R_A', 'R_B', 'R_C', 'R_D']

/** One to four rules, each free to refer to the ones listed before it. */
const ruleSetArb: fc.Arbitrary<RuleSet> = fc
  .integer({ min: 1, max: IDS.length })
  .chain((n) => fc.tuple(...IDS.slice(0, n).map((_, i) => conditionArb(IDS.slice(0, i)))))
  .chain((conditions) =>
    fc.tuple(...conditions.map(() => fc.integer({ min: 0, max: 5 }))).map((weights) =>
      ruleSet(conditions.map((condition, i): Rule => rule(IDS[i] as string, condition, { weight: weights[i] ?? 1 }))),
    ),
  )

const scenarioArb = asOfArb.chain((asOf) =>
  fc.tuple(fc.constant(asOf), fc.tuple(factsArb(asOf, pastOrPresent, 'F'), factsArb(asOf, future, 'LATER', 3)).map(([a, b]) => [...a, ...b])),
)

/** Every disagreement between a rule's value, its result and the same condition compiled alone. */
const disagreements = (set: RuleSet, facts: readonly Fact[], asOf: string, dateOfBirth: string): string[] => {
  const compiled = compileRuleSet(set)
  const input = childFacts(facts, { dateOfBirth })
  const ctx = buildChildContext(compiled, input, asOf)
  const found: string[] = []
  for (const { rule: r, slot } of compiled.ordered) {
    const result = ctx.ruleResult(slot)
    if (ctx.ruleValue(slot) !== result.value) found.push(`${r.id}: value ${ctx.ruleValue(slot)}, result ${result.value}`)
    const alone = compileCondition(r.condition, compiled)(ctx)
    if (JSON.stringify(alone) !== JSON.stringify(result)) found.push(`${r.id}: compiled alone it gives another result`)
    const holds = compileConditionValue(r.condition, compiled)(ctx)
    if (holds !== result.value) found.push(`${r.id}: compiled for its value alone it gives ${holds}, its result ${result.value}`)
  }
  const raised = evaluateChild(compiled, input, asOf).flags.map((f) => f.id).sort()
  const holding = compiled.ordered.filter(({ slot }) => ctx.ruleValue(slot)).map(({ rule: r }) => r.id).sort()
  if (raised.join() !== holding.join()) found.push(`flags ${raised.join()} but values ${holding.join()}`)
  return found
}

const dateOfBirthArb = fc.integer({ min: 0, max: 20 * 365 }).map((days) => `${2006 + Math.floor(days / 365)}-0${1 + (days % 9)}-1${days % 10}`)

t.test('random rule sets: every value agrees with its result', async (t) => {
  fc.assert(
    fc.property(ruleSetArb, scenarioArb, dateOfBirthArb, (set, [asOf, facts], dateOfBirth) => {
      const found = disagreements(set, facts, asOf, dateOfBirth)
      if (found.length > 0) throw new Error(found.join('; '))
    }),
    { numRuns: 300 },
  )
  t.pass('300 random rule sets and children')
})

t.test('the shipped rule set: every value agrees with its result', async (t) => {
  const loaded = loadRuleSet()
  if (E.isLeft(loaded)) return void t.fail('the shipped rule set loads')
  const shipped = loaded.right
  fc.assert(
    fc.property(scenarioArb, dateOfBirthArb, ([asOf, facts], dateOfBirth) => {
      const found = disagreements(shipped, facts, asOf, dateOfBirth)
      if (found.length > 0) throw new Error(found.join('; '))
    }),
    { numRuns: 300 },
  )
  t.pass('300 random children')
})
