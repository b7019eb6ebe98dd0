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
import type { RuleSet } from '../../../engine/rule-set/rule-set'
import { loadRuleSet } from '../../../rules-loader/load-rule-set'
import { childFacts } from './build'
import { dateOfBirthArb, ruleSetArb, scenarioArb } from './rule-set-arbitraries'

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
