import t from 'tap'
import { runInProcess } from './run-in-process'

const scenario = (name: string): string => `fixtures/scenarios/${name}.ndjson`

t.test('one JSON line per child, in childId order, with the rule set identity', async (t) => {
  const run = await runInProcess(['evaluate', scenario('repeat-missing'), '--as-of', '2026-11-24'])
  t.equal(run.code, 0, 'exit 0')
  const docs = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as { childId: string; ruleSet: { id: string; hash: string }; tier: string })
  t.same(docs.map((d) => d.childId), ['C1000001', 'C1000002', 'C1000003'], 'every child, ordered')
  t.ok(docs.every((d) => d.ruleSet.id === 'default' && d.ruleSet.hash.startsWith('sha256:')), 'each names the rule set')
  t.match(run.stderr, /unmatched fact/, 'the unmatched count goes to stderr')
})

t.test('--child prints that child\'s document with flags, explanation and evidence', async (t) => {
  const run = await runInProcess(['evaluate', scenario('repeat-missing'), '--as-of', '2026-11-24', '--child', 'C1000001'])
  t.equal(run.code, 0)
  const doc = JSON.parse(run.stdout) as { score: number; tier: string; flags: { id: string; explanation: string; evidence: unknown[] }[] }
  t.same(doc.flags.map((f) => f.id).sort(), ['MISSING_ONGOING', 'MISSING_RECENT', 'MISSING_REPEAT', 'RHI_OVERDUE'])
  t.equal(doc.score, 12)
  t.equal(doc.tier, 'high')
  t.ok(doc.flags.every((f) => f.explanation.length > 0 && f.evidence.length > 0), 'every flag explains itself with evidence')
})

t.test('an unknown child is an error', async (t) => {
  const run = await runInProcess(['evaluate', scenario('repeat-missing'), '--child', 'C9999999'])
  t.equal(run.code, 1)
  t.equal(run.stdout, '', 'nothing on stdout')
  t.match(run.stderr, /no child with childId C9999999/)
})

t.test('bad input: every error on stderr with its line, exit 1, nothing on stdout', async (t) => {
  const run = await runInProcess(['evaluate', scenario('bad-batch'), '--as-of', '2026-11-24'])
  t.equal(run.code, 1)
  t.equal(run.stdout, '')
  const errorLines = run.stderr.split('\n').filter((l) => /^line \d+/.test(l))
  t.ok(errorLines.length >= 5, `every bad line is reported (${errorLines.length})`)
})

t.test('facts from stdin with -, as a cohort document', async (t) => {
  const { readFileSync } = await import('node:fs')
  const run = await runInProcess(
    ['evaluate', '-', '--as-of', '2026-11-24', '--cohort', 'first-time-entrants', '--from', '2025-11-25', '--to', '2026-11-24'],
    { stdin: readFileSync(scenario('first-time-entrant'), 'utf8') },
  )
  t.equal(run.code, 0, run.stderr)
  const doc = JSON.parse(run.stdout) as { cohort: string; rows: unknown[]; nextCursor: unknown }
  t.equal(doc.cohort, 'first-time-entrants')
  t.ok(doc.rows.length >= 1, 'the entrant is listed')
  t.equal(doc.nextCursor, null)
})

t.test('a range cohort without --from/--to is refused', async (t) => {
  const run = await runInProcess(['evaluate', scenario('first-time-entrant'), '--cohort', 'first-time-entrants'])
  t.equal(run.code, 1)
  t.match(run.stderr, /from/)
})

t.test('an unknown cohort is refused, naming the ones that exist', async (t) => {
  const run = await runInProcess(['evaluate', scenario('repeat-missing'), '--cohort', 'nope'])
  t.equal(run.code, 1)
  t.match(run.stderr, /missing-pilot/)
})

t.test('usage errors exit 2 with the command help', async (t) => {
  const run = await runInProcess(['evaluate', scenario('repeat-missing'), '--as-of', '2026-02-30'])
  t.equal(run.code, 2)
  t.match(run.stderr, /--as-of must be a date/)
  t.match(run.stderr, /Usage: early-warning evaluate/)
})
