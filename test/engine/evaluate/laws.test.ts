/**
 * The evaluator's laws (STYLE.md "Tests tell the story"), checked with
 * fast-check against the shipped rule set: the same input gives the same
 * output; fact order does not matter; facts after D and facts no rule reads
 * change nothing; windows have exact edges; more missing episodes never lower
 * the score of a rule set without `not`.
 */
import t from 'tap'
import fc from 'fast-check'
import * as E from 'fp-ts/Either'
import { compileRuleSet, evaluateChild } from '../../../engine/evaluate'
import type { Fact } from '../../../engine/facts/fact'
import { conditionNodes } from '../../../engine/rule-set/condition-nodes'
import { addDays } from '../../../engine/time/calendar'
import { loadRuleSet } from '../../../rules-loader/load-rule-set'
import { asOfArb, at, episodeArb, factsArb, future, pastOrPresent } from './arbitraries'
import { childFacts, evaluateCondition, missing, youthOutcome } from './build'

const loaded = loadRuleSet()
if (E.isLeft(loaded)) throw new Error('the shipped rule set loads')
const compiled = compileRuleSet(loaded.right)

const scenario = asOfArb.chain((asOf) => fc.tuple(fc.constant(asOf), factsArb(asOf, pastOrPresent, 'F')))

const evaluate = (facts: readonly Fact[], asOf: string): string => JSON.stringify(evaluateChild(compiled, childFacts(facts), asOf))

t.test('determinism: the same input gives the same output', async () => {
  fc.assert(fc.property(scenario, ([asOf, facts]) => evaluate(facts, asOf) === evaluate(facts, asOf)))
})

t.test('the order of the facts changes nothing', async () => {
  fc.assert(
    fc.property(
      scenario.chain(([asOf, facts]) => fc.tuple(fc.constant(asOf), fc.constant(facts), fc.shuffledSubarray(facts, { minLength: facts.length }))),
      ([asOf, facts, shuffled]) => evaluate(facts, asOf) === evaluate(shuffled, asOf),
    ),
  )
})

t.test('facts dated after D change nothing', async () => {
  fc.assert(
    fc.property(
      scenario.chain(([asOf, facts]) => fc.tuple(fc.constant(asOf), fc.constant(facts), factsArb(asOf, future, 'LATER', 10))),
      ([asOf, facts, later]) => evaluate(facts, asOf) === evaluate([...facts, ...later], asOf),
    ),
  )
})

t.test('a fact of a kind no rule reads changes nothing', async (t) => {
  const read = new Set(
    loaded.right.rules.flatMap((r) =>
      conditionNodes(r.condition).flatMap(({ node }) => ('count' in node ? [node.count.kind] : 'open' in node ? [node.open.kind] : [])),
    ),
  )
  t.notOk(read.has('youth_justice_outcome'), 'no shipped rule reads youth justice outcomes')
  fc.assert(
    fc.property(scenario, fc.integer({ min: -400, max: 0 }), ([asOf, facts], o) =>
      evaluate(facts, asOf) === evaluate([...facts, youthOutcome('YJ-1', addDays(asOf, o))], asOf),
    ),
  )
})

t.test('window edges: an episode N days before D is outside "the N days to D", N − 1 days before is inside', async () => {
  fc.assert(
    fc.property(asOfArb, fc.integer({ min: 1, max: 400 }), (asOf, n) => {
      const condition = { count: { kind: 'missing_episode', window: { days: n }, atLeast: 1 } } as const
      // 12:15 UTC is the same calendar date in London all year round.
      const outside = evaluateCondition(condition, [missing('ME-1', at(addDays(asOf, -n), 12), null)], asOf).value
      const inside = evaluateCondition(condition, [missing('ME-1', at(addDays(asOf, -(n - 1)), 12), null)], asOf).value
      return !outside && inside
    }),
  )
})

t.test('monotonicity: another missing episode in the window never lowers the score (no `not` in the shipped set)', async (t) => {
  t.notOk(
    loaded.right.rules.some((r) => conditionNodes(r.condition).some(({ node }) => 'not' in node)),
    'the shipped rule set has no not',
  )
  fc.assert(
    fc.property(
      scenario.chain(([asOf, facts]) =>
        fc.tuple(fc.constant(asOf), fc.constant(facts), episodeArb(asOf, fc.integer({ min: -89, max: 0 })).map((make) => make('EXTRA'))),
      ),
      ([asOf, facts, extra]) => {
        const before = evaluateChild(compiled, childFacts(facts), asOf).score
        const after = evaluateChild(compiled, childFacts([...facts, extra]), asOf).score
        return after >= before
      },
    ),
  )
})
