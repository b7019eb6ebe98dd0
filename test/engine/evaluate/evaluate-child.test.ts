import t from 'tap'
import { compileRuleSet, evaluateChild } from '../../../engine/evaluate'
import { attendance, care, childFacts, intelligence, missing, rule, ruleSet } from './build'

const D = '2026-11-24'
const recent = { count: { kind: 'missing_episode', window: { days: 30 }, atLeast: 1 } } as const
const persistent = { absenceRate: { window: { days: 42 }, atLeastPercent: 10, minPossibleSessions: 20 } } as const

const compiled = compileRuleSet(
  ruleSet([
    rule('B_RECENT', recent, { weight: 2, title: 'Recent', category: 'missing' }),
    rule('A_INTEL', { count: { kind: 'drug_intelligence', window: { months: 6 }, atLeast: 1 } }, { weight: 2, category: 'police_intelligence' }),
    rule('Z_ONGOING', { open: { kind: 'missing_episode' } }, { weight: 5 }),
    rule('CONTEXT', { open: { kind: 'care_period' } }, { weight: 0, category: 'social_care' }),
    rule('ABSENCE', persistent, { weight: 1, category: 'education' }),
    rule('BOTH', { all: [{ rule: 'B_RECENT' }, { rule: 'A_INTEL' }] }, { weight: 3, category: 'composite' }),
  ]),
)

t.test('flags, score and tier', async (t) => {
  const e = evaluateChild(
    compiled,
    childFacts([missing('ME-1', '2026-11-20T10:00:00Z', null), intelligence('DI-1', '2026-10-01'), care('CP-1', '2026-01-01', null)]),
    D,
  )
  t.same(
    e.flags.map((f) => `${f.id}:${f.weight}`),
    ['Z_ONGOING:5', 'BOTH:3', 'A_INTEL:2', 'B_RECENT:2', 'CONTEXT:0'],
    'by weight, highest first, then id; a weight-0 flag is shown',
  )
  t.equal(e.score, 12)
  t.equal(e.tier, 'high')
  t.equal(e.childId, 'C1')
  t.equal(e.asOf, D)
  t.same(e.ruleSet, { id: 'test', version: '0.0.1', hash: 'sha256:test' })
  t.same(Object.keys(e.flags[0] ?? {}), ['id', 'title', 'category', 'weight', 'explanation', 'evidence'], 'the SPEC §3 shape')
})

t.test('every rule has an outcome in rule-set order, with an explanation even when not raised', async (t) => {
  const e = evaluateChild(compiled, childFacts([]), D)
  t.same(e.flags, [])
  t.equal(e.score, 0)
  t.equal(e.tier, 'none')
  t.same(
    e.outcomes.map((o) => o.id),
    ['B_RECENT', 'A_INTEL', 'Z_ONGOING', 'CONTEXT', 'ABSENCE', 'BOTH'],
  )
  const absence = e.outcomes.find((o) => o.id === 'ABSENCE')
  t.equal(absence?.explanation, 'no attendance data in the 6 weeks to 2026-11-24', 'an absent feed is said to be absent')
  t.equal(
    JSON.parse(JSON.stringify(e.outcomes))[4].explanation,
    'no attendance data in the 6 weeks to 2026-11-24',
    'outcomes serialise with their explanation',
  )
})

t.test('a low absence rate reads differently from no data', async (t) => {
  const e = evaluateChild(compiled, childFacts([attendance('ATT-1', '2026-11-20', 40, 40)]), D)
  t.equal(
    e.outcomes.find((o) => o.id === 'ABSENCE')?.explanation,
    'absent for 0 of 40 possible sessions (0%) in the 6 weeks to 2026-11-24 (threshold 10%)',
  )
})

t.test('evaluation neither mutates nor depends on the input order', async (t) => {
  const facts = [missing('ME-1', '2026-11-20T10:00:00Z', null), intelligence('DI-1', '2026-10-01'), intelligence('DI-2', '2026-10-01')]
  const input = childFacts(facts)
  const frozen = JSON.stringify(input)
  const a = JSON.stringify(evaluateChild(compiled, input, D))
  const b = JSON.stringify(evaluateChild(compiled, childFacts([...facts].reverse()), D))
  t.equal(a, b)
  t.equal(JSON.stringify(input), frozen, 'the input is untouched')
})
