import t from 'tap'
import * as E from 'fp-ts/Either'
import { decodeRuleSet } from '../../../engine/rule-set/rule-set'
import type { RuleSetFile, RuleSetProblem } from '../../../engine/rule-set/rule-set'

const manifest = {
  id: 'test',
  version: '1.0.0',
  tiers: { high: 10, medium: 5, low: 1 },
  aceByFactor: { '3B': 'domestic_abuse' },
  cohorts: [],
}

const example = { name: 'nothing happened', asOf: '2026-11-24', facts: [], expect: { raised: false } }

const ruleJson = (id: string, condition: unknown, extra: Record<string, unknown> = {}) => ({
  id,
  title: `Rule ${id}`,
  category: 'missing',
  weight: 2,
  description: 'A test rule.',
  rationale: 'DOMAIN.md §5.',
  condition,
  examples: [example],
  ...extra,
})

const recent = { count: { kind: 'missing_episode', window: { days: 30 }, atLeast: 1 } }

const files = (...rules: [string, unknown][]): RuleSetFile[] => [
  { name: 'manifest.json', json: manifest },
  ...rules.map(([name, json]) => ({ name, json })),
]

const problemsOf = (fs: readonly RuleSetFile[]): readonly RuleSetProblem[] => {
  const r = decodeRuleSet(fs, 'sha256:x')
  return E.isLeft(r) ? r.left : []
}

t.test('a good rule set decodes, rules in file-name order', async (t) => {
  const r = decodeRuleSet(files(['b.json', ruleJson('B', { rule: 'A' })], ['a.json', ruleJson('A', recent)]), 'sha256:abc')
  if (E.isLeft(r)) return void t.fail(JSON.stringify(r.left))
  t.equal(r.right.id, 'test')
  t.equal(r.right.version, '1.0.0')
  t.equal(r.right.hash, 'sha256:abc')
  t.same(r.right.tiers, { high: 10, medium: 5, low: 1 })
  t.same(r.right.aceByFactor, { '3B': 'domestic_abuse' })
  t.same(r.right.rules.map((x) => x.id), ['A', 'B'])
  t.same(r.right.cohorts, [])
})

t.test('an unknown field is refused, naming the file and path', async (t) => {
  t.same(problemsOf(files(['a.json', ruleJson('A', recent, { severity: 'high' })])), [
    {
      file: 'a.json',
      path: 'severity',
      expected: 'no such field (known fields: id, title, category, weight, description, rationale, condition, examples)',
    },
  ])
  t.match(problemsOf([{ name: 'manifest.json', json: { ...manifest, colour: 'red' } }]), [{ file: 'manifest.json', path: 'colour' }])
  t.match(problemsOf(files(['a.json', ruleJson('A', recent, { examples: [{ ...example, expect: { raised: true, flags: [] } }] })])), [
    { file: 'a.json', path: 'examples.0.expect.flags' },
  ])
})

t.test('a reference to an unknown rule is refused where it is made', async (t) => {
  t.same(problemsOf(files(['a.json', ruleJson('A', { all: [recent, { any: [{ rule: 'NOPE' }] }] })])), [
    { file: 'a.json', path: 'condition.all.1.any.0.rule', expected: 'the id of a rule in this rule set (there is no rule NOPE)' },
  ])
})

t.test('a cycle between rules is refused in every file on it', async (t) => {
  const p = problemsOf(
    files(
      ['a.json', ruleJson('A', { rule: 'B' })],
      ['b.json', ruleJson('B', { all: [recent, { rule: 'C' }] })],
      ['c.json', ruleJson('C', { rule: 'A' })],
      ['d.json', ruleJson('D', { rule: 'A' })],
    ),
  )
  t.same(p, [
    { file: 'a.json', path: 'condition.rule', expected: 'no cycle between rules (A → B → C → A)' },
    { file: 'b.json', path: 'condition.all.1.rule', expected: 'no cycle between rules (A → B → C → A)' },
    { file: 'c.json', path: 'condition.rule', expected: 'no cycle between rules (A → B → C → A)' },
  ])
  t.same(problemsOf(files(['self.json', ruleJson('S', { any: [recent, { rule: 'S' }] })])), [
    { file: 'self.json', path: 'condition.any.1.rule', expected: 'no cycle between rules (S → S)' },
  ])
})

t.test('a bad window is refused with the path to it', async (t) => {
  t.same(problemsOf(files(['a.json', ruleJson('A', { count: { kind: 'missing_episode', window: { weeks: 6 }, atLeast: 1 } })])), [
    {
      file: 'a.json',
      path: 'condition.count.window',
      expected: 'a window: { "days": N } or { "months": N } with N a whole number ≥ 1, "academicYear" or "onOrBefore"',
    },
  ])
})

t.test('duplicate ids are refused in the later file', async (t) => {
  t.same(problemsOf(files(['a.json', ruleJson('A', recent)], ['b.json', ruleJson('A', recent)])), [
    { file: 'b.json', path: 'id', expected: 'an id not already used (A is also the id in a.json)' },
  ])
})

t.test('the factor → ACE mapping only maps real factor codes to real ACE categories', async (t) => {
  const p = problemsOf([{ name: 'manifest.json', json: { ...manifest, aceByFactor: { '3B': 'domestic_abuse', '8A': 'physical_neglect', '4B': 'parental_mental_illness' } } }])
  t.same(p, [
    { file: 'manifest.json', path: 'aceByFactor.8A', expected: 'an assessment factor code from DOMAIN.md §6 as the key' },
    { file: 'manifest.json', path: 'aceByFactor.4B', expected: `an ACE category: one of ${['physical_abuse', 'emotional_abuse', 'sexual_abuse', 'physical_neglect', 'emotional_neglect', 'domestic_abuse', 'household_substance_misuse', 'household_mental_illness', 'parental_separation', 'household_incarceration'].join(', ')}` },
  ])
})

t.test('tiers must descend', async (t) => {
  t.same(problemsOf([{ name: 'manifest.json', json: { ...manifest, tiers: { high: 5, medium: 5, low: 1 } } }]), [
    { file: 'manifest.json', path: 'tiers', expected: 'thresholds with high > medium > low ≥ 1' },
  ])
})

t.test('a missing manifest is a problem', async (t) => {
  t.match(problemsOf([{ name: 'a.json', json: ruleJson('A', recent) }]), [{ file: 'manifest.json', path: '' }])
})

t.test('every problem in every file is collected, not just the first', async (t) => {
  const p = problemsOf([
    { name: 'manifest.json', json: { ...manifest, version: '' } },
    { name: 'a.json', json: ruleJson('A', { count: { kind: 'missing_episode', window: 'soon', atLeast: 1, where: { colour: ['red'] } } }, { weight: -1 }) },
    { name: 'b.json', json: ruleJson('B', { all: [{ rule: 'A' }, { rule: 'X' }, { sum: { kind: 'exclusion', field: 'reason', window: 'onOrBefore', atLeast: 1 } }] }) },
    { name: 'c.json', json: ruleJson('C', recent, { category: 'weather', examples: [] }) },
  ])
  t.same(
    p.map((x) => `${x.file} ${x.path}`),
    [
      'manifest.json version',
      'a.json weight',
      'a.json condition.count.window',
      'c.json category',
      'c.json examples',
      'b.json condition.all.2.sum.field',
      'b.json condition.all.1.rule',
    ],
  )
})

t.test('a rule file that does not decode still counts as a known id', async (t) => {
  const p = problemsOf(files(['a.json', ruleJson('A', recent, { weight: 'heavy' })], ['b.json', ruleJson('B', { rule: 'A' })]))
  t.same(p.map((x) => `${x.file} ${x.path}`), ['a.json weight'], 'no second complaint about B referring to A')
})

t.test("a cohort's membership condition is checked like a rule's", async (t) => {
  const cohort = (name: string, members: unknown) => ({
    name,
    title: 'A cohort',
    description: 'For a test.',
    members,
    columns: [],
    order: [],
  })
  const withCohorts = (cohorts: unknown[]) => [
    { name: 'manifest.json', json: { ...manifest, cohorts } },
    { name: 'a.json', json: ruleJson('A', recent) },
  ]
  const good = decodeRuleSet(withCohorts([cohort('ok', { all: [{ age: { below: 18 } }, { rule: 'A' }] })]), 'sha256:x')
  t.ok(E.isRight(good), 'a cohort referring to a rule decodes')
  t.same(
    problemsOf(
      withCohorts([
        cohort('one', { any: [{ rule: 'NOPE' }, { open: { kind: 'care_period', where: { legalStatus: ['X9'] } } }] }),
        cohort('one', { rule: 'A' }),
      ]),
    ),
    [
      { file: 'manifest.json', path: 'cohorts.0.members.any.1.open.where.legalStatus.0', expected: 'a care_period legalStatus: one of C1, C2, D1, E1, J1, J2, J3, L1, L2, L3, V2, V3, V4' },
      { file: 'manifest.json', path: 'cohorts.0.members.any.0.rule', expected: 'the id of a rule in this rule set (there is no rule NOPE)' },
      { file: 'manifest.json', path: 'cohorts.1.name', expected: 'a cohort name not already used (one)' },
    ],
  )
})
