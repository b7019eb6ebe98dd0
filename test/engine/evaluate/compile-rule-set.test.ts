import t from 'tap'
import { buildChildContext, compileCondition, compileConditionValue, compileRuleSet, ruleResultOf } from '../../../engine/evaluate'
import type { ChildContext } from '../../../engine/evaluate'
import { childFacts, missing, rule, ruleSet } from './build'

const count = (atLeast: number) => ({ count: { kind: 'missing_episode', window: { days: 30 }, atLeast } }) as const

t.test('rules are ordered after the rules they refer to, ties in rule-set order', async (t) => {
  const compiled = compileRuleSet(
    ruleSet([
      rule('C', { all: [{ rule: 'B' }, { rule: 'A' }] }),
      rule('B', { rule: 'A' }),
      rule('Z', count(1)),
      rule('A', count(1)),
    ]),
  )
  t.same(
    compiled.ordered.map((r) => r.rule.id),
    ['Z', 'A', 'B', 'C'],
  )
  t.same(
    compiled.inRuleSetOrder.map((r) => r.rule.id),
    ['C', 'B', 'Z', 'A'],
  )
  t.same(compiled.identity, { id: 'test', version: '0.0.1', hash: 'sha256:test' })
})

t.test('a cycle cannot be compiled (decodeRuleSet refuses it earlier)', async (t) => {
  t.throws(() => compileRuleSet(ruleSet([rule('A', { rule: 'B' }), rule('B', { rule: 'A' })])), /cycle/)
})

t.test('an arbitrary condition, e.g. cohort membership, reads rule results from the context', async (t) => {
  const compiled = compileRuleSet(ruleSet([rule('TWO', count(2)), rule('ONE', count(1))]))
  const members = compileCondition({ all: [{ rule: 'ONE' }, { not: { rule: 'TWO' } }, { age: { below: 18 } }] }, compiled)
  const ctx = buildChildContext(compiled, childFacts([missing('ME-1', '2026-11-20T10:00:00Z', null)]), '2026-11-24')
  t.equal(members(ctx).value, true)
  t.equal(ruleResultOf(compiled, ctx, 'ONE')?.value, true)
  t.equal(ruleResultOf(compiled, ctx, 'TWO')?.value, false)
  t.equal(ruleResultOf(compiled, ctx, 'NONE'), undefined)
})

t.test("a condition compiled for its value reads rule values, never the rules' results", async (t) => {
  const compiled = compileRuleSet(ruleSet([rule('TWO', count(2)), rule('ONE', count(1))]))
  const isMember = compileConditionValue({ all: [{ rule: 'ONE' }, { not: { rule: 'TWO' } }, { age: { below: 18 } }] }, compiled)
  const ctx = buildChildContext(compiled, childFacts([missing('ME-1', '2026-11-20T10:00:00Z', null)]), '2026-11-24')
  const valuesOnly: ChildContext = {
    child: ctx.child,
    frame: ctx.frame,
    age: ctx.age,
    factsOf: (kind) => ctx.factsOf(kind),
    ruleValue: (slot) => ctx.ruleValue(slot),
    ruleResult: () => {
      throw new Error('a rule result was worked out')
    },
  }
  t.equal(isMember(valuesOnly), true)
  t.equal(compileConditionValue({ any: [{ rule: 'TWO' }, { age: { atLeast: 18 } }] }, compiled)(valuesOnly), false, 'any: no part holds')
  t.throws(() => compileConditionValue({ rule: 'NONE' }, compiled), /not in the compiled rule set/)
})

t.test('the as-of frame is shared between children of one run', async (t) => {
  const compiled = compileRuleSet(ruleSet([rule('ONE', count(1))]))
  t.equal(compiled.frameFor('2026-11-24'), compiled.frameFor('2026-11-24'), 'same object for the same date')
  t.not(compiled.frameFor('2026-11-24'), compiled.frameFor('2026-11-25'))
})
