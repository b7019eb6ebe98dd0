/**
 * Which facts a compiled rule set can read as of D (engine/evaluate/fact-reach.ts).
 * The law, with fast-check over random rule sets, random extra conditions (a
 * cohort's membership beside the rules) and random children: evaluating over
 * only the facts `readsFact` keeps, or over those and any others, gives the
 * same evaluation (flags, explanations, evidence, outcomes, score, tier) and
 * the same results and values for the extra conditions as over every fact.
 */
import t from 'tap'
import fc from 'fast-check'
import * as E from 'fp-ts/Either'
import { buildChildContext, compileCondition, compileConditionValue, compileRuleSet, evaluateChild, factReach, readsFact } from '../../../engine/evaluate'
import type { FactReach, KindReach } from '../../../engine/evaluate'
import { widerKindReach, widerReach } from '../../../engine/evaluate/fact-reach'
import { FACT_KINDS } from '../../../engine/facts/fact'
import type { Fact } from '../../../engine/facts/fact'
import type { Condition } from '../../../engine/rule-set/condition'
import { isFirstTimeEntrantMembers } from '../../../engine/rule-set/cohort-definition'
import type { RuleSet } from '../../../engine/rule-set/rule-set'
import { loadRuleSet } from '../../../rules-loader/load-rule-set'
import { attendance, childFacts, rule, ruleSet } from './build'
import { conditionArb, dateOfBirthArb, ruleSetArb, scenarioArb } from './rule-set-arbitraries'

/** Everything a reader of the evaluation sees, in one string. */
const seen = (set: RuleSet, extra: readonly Condition[], facts: readonly Fact[], asOf: string, dateOfBirth: string): string => {
  const compiled = compileRuleSet(set)
  const input = childFacts(facts, { dateOfBirth })
  const ctx = buildChildContext(compiled, input, asOf)
  const conditions = extra.map((c) => ({ result: compileCondition(c, compiled)(ctx), value: compileConditionValue(c, compiled)(ctx) }))
  return JSON.stringify({ evaluation: evaluateChild(compiled, input, asOf), conditions })
}

/** Conditions that may refer to every rule of a set, as a cohort's membership does. */
const extraArb = (set: RuleSet): fc.Arbitrary<Condition[]> => fc.array(conditionArb(set.rules.map((r) => r.id)), { maxLength: 2 })

const caseArb = ruleSetArb.chain((set) =>
  fc.tuple(fc.constant(set), extraArb(set), scenarioArb, dateOfBirthArb, fc.array(fc.boolean(), { minLength: 30, maxLength: 30 })),
)

t.test('random rule sets: the facts in reach, or more, give the same evaluation as all the facts', async (t) => {
  let skipped = 0
  fc.assert(
    fc.property(caseArb, ([set, extra, [asOf, facts], dateOfBirth, keepAnyway]) => {
      const reach = factReach(compileRuleSet(set), asOf, extra)
      const inReach = facts.filter((f) => readsFact(reach, f))
      const more = facts.filter((f, i) => readsFact(reach, f) || keepAnyway[i % keepAnyway.length] === true)
      skipped += facts.length - inReach.length
      const all = seen(set, extra, facts, asOf, dateOfBirth)
      if (seen(set, extra, inReach, asOf, dateOfBirth) !== all) throw new Error('the facts in reach evaluate differently')
      if (seen(set, extra, more, asOf, dateOfBirth) !== all) throw new Error('the facts in reach and some others evaluate differently')
    }),
    { numRuns: 400 },
  )
  t.ok(skipped > 0, `some facts were out of reach (${skipped} over the runs), so the law was put to the test`)
})

t.test('the shipped rule set: six weeks of attendance, none of the kinds no rule reads', async (t) => {
  const loaded = loadRuleSet()
  if (E.isLeft(loaded)) return void t.fail('the shipped rule set loads')
  const shipped = loaded.right
  const compiled = compileRuleSet(shipped)
  const cohorts = shipped.cohorts.flatMap((c) => (isFirstTimeEntrantMembers(c.members) ? [] : [c.members]))
  const reach = factReach(compiled, '2026-11-24', cohorts)
  t.same(reach.attendance, { reads: 'after', after: '2026-10-13' }, 'attendance: the 42 days to D')
  t.same(reach.domestic_abuse_contact, { reads: 'after', after: '2025-11-24' }, 'domestic abuse: the 12 months to D')
  t.same(reach.care_period, { reads: 'all' }, 'care periods: open on D, however long ago they began')
  t.same(reach.missing_episode, { reads: 'all' }, 'missing episodes: open on D, or overdue by their end')
  t.same(reach.youth_justice_outcome, { reads: 'none' }, 'youth justice outcomes: no rule or scored cohort reads them')
  t.same(reach.child, { reads: 'none' }, 'child records are not among the facts')

  fc.assert(
    fc.property(scenarioArb, dateOfBirthArb, ([asOf, facts], dateOfBirth) => {
      const shippedReach = factReach(compiled, asOf, cohorts)
      const inReach = facts.filter((f) => readsFact(shippedReach, f))
      if (seen(shipped, cohorts, inReach, asOf, dateOfBirth) !== seen(shipped, cohorts, facts, asOf, dateOfBirth)) {
        throw new Error('the facts in reach evaluate differently')
      }
    }),
    { numRuns: 300 },
  )
})

t.test('a condition beside the rules widens the reach to what it reads', async (t) => {
  const set = ruleSet([rule('R_ATT', { absenceRate: { window: { days: 42 }, atLeastPercent: 10, minPossibleSessions: 20 } })])
  const compiled = compileRuleSet(set)
  t.same(factReach(compiled, '2026-11-24').attendance, { reads: 'after', after: '2026-10-13' })
  t.same(factReach(compiled, '2026-11-24').exclusion, { reads: 'none' })
  const cohort: Condition = { all: [{ rule: 'R_ATT' }, { count: { kind: 'attendance', window: { months: 6 }, atLeast: 1 } }] }
  t.same(factReach(compiled, '2026-11-24', [cohort]).attendance, { reads: 'after', after: '2026-05-24' }, 'the wider window wins')
  t.same(factReach(compiled, '2026-11-24', [{ count: { kind: 'attendance', window: 'onOrBefore', atLeast: 1 } }]).attendance, { reads: 'all' })
  t.same(factReach(compiled, '2026-11-24', [{ rule: 'R_ATT' }]), factReach(compiled, '2026-11-24'), 'a reference reads what its rule reads')
})

t.test('readsFact keeps a fact dated after the bound, and not one on it', async (t) => {
  const set = ruleSet([rule('R_ATT', { absenceRate: { window: { days: 42 }, atLeastPercent: 10, minPossibleSessions: 20 } })])
  const reach = factReach(compileRuleSet(set), '2026-11-24')
  t.equal(readsFact(reach, attendance('A1', '2026-10-13', 10, 5)), false, 'on the bound: outside the window')
  t.equal(readsFact(reach, attendance('A2', '2026-10-14', 10, 5)), true, 'the day after: inside')
  t.equal(readsFact(reach, attendance('A3', '2026-12-01', 10, 5)), true, 'after D: kept (every reader skips it itself)')
})

const kindReachArb: fc.Arbitrary<KindReach> = fc.oneof(
  fc.constant<KindReach>({ reads: 'none' }),
  fc.constant<KindReach>({ reads: 'all' }),
  fc.constantFrom('2026-01-01', '2026-06-30', '2026-10-13').map((after): KindReach => ({ reads: 'after', after })),
)

t.test('widening: none is nothing, all is everything, after takes the earlier date, order does not matter', async (t) => {
  fc.assert(
    fc.property(kindReachArb, kindReachArb, kindReachArb, (a, b, c) => {
      t.same(widerKindReach(a, b), widerKindReach(b, a))
      t.same(widerKindReach(widerKindReach(a, b), c), widerKindReach(a, widerKindReach(b, c)))
      t.same(widerKindReach(a, { reads: 'none' }), a)
      t.same(widerKindReach(a, { reads: 'all' }), { reads: 'all' })
    }),
    { numRuns: 100 },
  )
  t.same(widerKindReach({ reads: 'after', after: '2026-06-30' }, { reads: 'after', after: '2026-01-01' }), { reads: 'after', after: '2026-01-01' })
  const none = Object.fromEntries(FACT_KINDS.map((k) => [k, { reads: 'none' }])) as FactReach
  const some: FactReach = { ...none, attendance: { reads: 'after', after: '2026-10-13' } }
  t.same(widerReach(none, some), some)
})
