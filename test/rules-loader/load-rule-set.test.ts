import t from 'tap'
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as E from 'fp-ts/Either'
import { defaultRulesDir, formatRuleSetProblem, loadRuleSet } from '../../rules-loader/load-rule-set'

const shipped = defaultRulesDir()

/** A copy of the shipped rules in a temporary folder, removed after the test. */
const copyOfRules = (t: { teardown: (fn: () => void) => void }): string => {
  const dir = mkdtempSync(join(tmpdir(), 'ew-rules-'))
  cpSync(shipped, dir, { recursive: true })
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

t.test("the default folder is this package's rules/", async (t) => {
  t.ok(existsSync(join(shipped, 'manifest.json')), shipped)
})

t.test('the shipped rule set loads, with a sha256 content hash', async (t) => {
  const r = loadRuleSet()
  if (E.isLeft(r)) return void t.fail(r.left.map(formatRuleSetProblem).join('\n'))
  t.equal(r.right.id, 'default')
  t.equal(r.right.version, '1.0.0')
  t.match(r.right.hash, /^sha256:[0-9a-f]{64}$/)
  t.same(r.right.tiers, { high: 10, medium: 5, low: 1 })
  t.same(
    [...r.right.rules].map((x) => `${x.id} ${x.category} ${x.weight}`).sort(),
    [
      'ACE_FOUR_PLUS social_care 0',
      'ATTENDANCE_PERSISTENT education 1',
      'ATTENDANCE_SEVERE education 3',
      'COUNTY_LINES police_intelligence 4',
      'DOMESTIC_ABUSE domestic_abuse 2',
      'DOMESTIC_ABUSE_REPEAT domestic_abuse 2',
      'DRUG_INTELLIGENCE police_intelligence 3',
      'EDUCATION_STATUS education 2',
      'EXPLOITATION_CONCERN composite 5',
      'EXPLOITATION_FACTOR social_care 4',
      'LAC_ATTENDANCE education 1',
      'MISSING_ONGOING missing 5',
      'MISSING_RECENT missing 2',
      'MISSING_REPEAT missing 4',
      'PERMANENT_EXCLUSION education 3',
      'RHI_OVERDUE missing 1',
      'SUSPENSIONS education 2',
    ],
    'the 17 rules of SPEC §3 with their categories and weights',
  )
  t.same(r.right.aceByFactor, {
    '3A': 'domestic_abuse',
    '3B': 'domestic_abuse',
    '3C': 'domestic_abuse',
    '1B': 'household_substance_misuse',
    '1C': 'household_substance_misuse',
    '2B': 'household_substance_misuse',
    '2C': 'household_substance_misuse',
    '4B': 'household_mental_illness',
    '4C': 'household_mental_illness',
    '16A': 'physical_neglect',
    '17A': 'emotional_abuse',
    '18C': 'physical_abuse',
    '19C': 'sexual_abuse',
  }, 'the DOMAIN.md §6 mapping')
})

t.test('the hash ignores formatting and key order but not content', async (t) => {
  const original = loadRuleSet(shipped)
  const dir = copyOfRules(t)
  for (const name of readdirSync(dir)) {
    const json = JSON.parse(readFileSync(join(dir, name), 'utf8')) as Record<string, unknown>
    const reversed = Object.fromEntries(Object.entries(json).reverse())
    writeFileSync(join(dir, name), JSON.stringify(reversed))
  }
  const reformatted = loadRuleSet(dir)
  t.ok(E.isRight(original) && E.isRight(reformatted))
  if (E.isLeft(original) || E.isLeft(reformatted)) return
  t.equal(reformatted.right.hash, original.right.hash, 'same content, same hash')

  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ ...manifest, version: '1.0.1' }))
  const changed = loadRuleSet(dir)
  t.ok(E.isRight(changed) && changed.right.hash !== original.right.hash, 'a changed version changes the hash')
})

t.test('a JSON syntax error names the file', async (t) => {
  const dir = copyOfRules(t)
  writeFileSync(join(dir, 'missing-recent.json'), '{ "id": "MISSING_RECENT", ')
  const r = loadRuleSet(dir)
  if (E.isRight(r)) return void t.fail('refused')
  t.equal(r.left.length, 1)
  t.match(r.left[0], { file: 'missing-recent.json', path: '', expected: /^valid JSON/ })
  t.match(formatRuleSetProblem(r.left[0] as never), /^missing-recent\.json: expected valid JSON/)
})

t.test('a bad rule file is refused with its name and the path inside it', async (t) => {
  const dir = copyOfRules(t)
  const file = join(dir, 'missing-repeat.json')
  const rule = JSON.parse(readFileSync(file, 'utf8')) as { condition: { count: Record<string, unknown> } }
  rule.condition.count.window = { weeks: 13 }
  writeFileSync(file, JSON.stringify(rule))
  const r = loadRuleSet(dir)
  if (E.isRight(r)) return void t.fail('refused')
  t.same(r.left.map(formatRuleSetProblem), [
    'missing-repeat.json at condition.count.window: expected a window: { "days": N } or { "months": N } with N a whole number ≥ 1, "academicYear" or "onOrBefore"',
  ])
})

t.test('a folder that cannot be read is a problem, not a crash', async (t) => {
  const r = loadRuleSet(join(tmpdir(), 'ew-no-such-folder-for-rules'))
  t.ok(E.isLeft(r))
  if (E.isLeft(r)) t.match(r.left[0], { path: '', expected: /^a readable rule-set folder/ })
})
