import t from 'tap'
import type { NodeResult } from '../../../engine/evaluate'
import { evaluateCondition, missing, rule } from './build'

const D = '2026-11-24'
const recent = { count: { kind: 'missing_episode', window: { days: 30 }, atLeast: 1 } } as const
const repeat = { count: { kind: 'missing_episode', window: { days: 90 }, atLeast: 3 } } as const
const facts = [missing('ME-1', '2026-11-10T10:00:00Z', null)]

/** Every node of a result tree, so a test can see none was skipped. */
const nodes = (r: NodeResult): readonly NodeResult[] =>
  r.tag === 'all' || r.tag === 'any' ? [r, ...r.parts.flatMap(nodes)] : r.tag === 'not' ? [r, ...nodes(r.part)] : [r]

t.test('all, any and not combine their parts', async (t) => {
  t.equal(evaluateCondition({ all: [recent, repeat] }, facts, D).value, false)
  t.equal(evaluateCondition({ any: [recent, repeat] }, facts, D).value, true)
  t.equal(evaluateCondition({ not: repeat }, facts, D).value, true)
})

t.test('every node gets a result, even after the answer is known', async (t) => {
  const r = evaluateCondition({ any: [recent, { all: [repeat, { not: recent }] }] }, facts, D)
  const tags = nodes(r).map((n) => `${n.tag}:${n.value}`)
  t.same(tags, ['any:true', 'count:true', 'all:false', 'count:false', 'not:false', 'count:true'])
})

t.test('a rule reference reads the rule result already in the context', async (t) => {
  const rules = [rule('RECENT', recent, { title: 'Recent' })]
  const r = evaluateCondition({ rule: 'RECENT' }, facts, D, rules)
  if (r.tag !== 'rule') return void t.fail('a rule result')
  t.equal(r.value, true)
  t.equal(r.title, 'Recent')
  t.equal(r.result.tag, 'count', "the referenced rule's own result tree")
})

t.test('a reference to a rule not in the set is a programming error', async (t) => {
  t.throws(() => evaluateCondition({ rule: 'NOPE' }, facts, D), /NOPE/)
})
