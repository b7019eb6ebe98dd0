/**
 * RELIABILITY A10: hostile strings into every filter that reaches SQL
 * (cohort `locality`, `cursor`, the `childId` path parameter, the cohort
 * `name`, the audit filters), over the production wiring and a test
 * database. Each answer is 400/404 or the correct result; never 5xx.
 */
import t from 'tap'
import fc from 'fast-check'
import { UNKNOWN_CHILD, childIdOf } from '../fixtures/canary-city'
import { bearer, buildStoredApp } from '../helper'
import { fcSeed, isServerError } from './support'

const RUNS = 40

/** SQL, LIKE, JSON and encoding fragments, and arbitrary text. */
const hostile = fc.oneof(
  fc.constantFrom(
    "' OR '1'='1", "Harbourside' --", "'; DROP TABLE child; --", '" OR ""="', 'Harbour%', 'Harbour_ide', '%', '_', '\\', '\\x00',
    '\u0000', 'Harbourside\u0000', '$1', '${x}', '::text', 'C9100002 OR 1=1', 'C9100002\'--', '../C9100002', 'C910000%',
    'Harbourside', 'HARBOURSIDE', ' Harbourside', '\uFEFFHarbourside', 'e\u0301', '\uD800', 'a'.repeat(101), '*', '{}', '[]',
  ),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
  fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 40 }),
  // A lone surrogate cannot be percent-encoded; what a client can send is its UTF-8 replacement.
).map((s) => Buffer.from(s, 'utf8').toString('utf8'))

/**
 * A path parameter that is not a real child or cohort: 404, or 400 (among
 * them the router's refusal of one longer than `maxParamLength`, 64,
 * RELIABILITY §5, answered as a problem by api/http/framework-errors).
 */
const refusedPathParam = (_s: string, status: number): boolean => [400, 404].includes(status)

interface Tally { inputs: number; serverErrors: number; wrong: number }
const tally = (): Tally => ({ inputs: 0, serverErrors: 0, wrong: 0 })

t.test('A10: hostile strings into locality, cursor, childId, cohort name and audit filters', async (t) => {
  const { app } = await buildStoredApp(t)
  const seed = fcSeed()
  t.comment(`A10 seed ${seed}`)
  const get = (url: string, role: Parameters<typeof bearer>[0] = 'mash') => app.inject({ method: 'GET', url, headers: bearer(role) })
  const everyone = (await get('/cohorts/exploitation')).json() as { rows: { locality: string }[] }
  t.ok(everyone.rows.length > 0 && everyone.rows.every((r) => r.locality === 'Harbourside'), 'the unfiltered cohort has rows, all in Harbourside')

  const figures: Record<string, Tally> = { locality: tally(), cursor: tally(), childId: tally(), name: tally(), audit: tally() }
  const check = (name: string, status: number, correct: boolean): boolean => {
    const f = figures[name] ?? tally()
    f.inputs += 1
    if (isServerError(status)) f.serverErrors += 1
    if (!correct) f.wrong += 1
    return !isServerError(status) && correct
  }

  await fc.assert(
    fc.asyncProperty(hostile, async (s) => {
      const res = await get(`/cohorts/exploitation?locality=${encodeURIComponent(s)}`)
      if (res.statusCode !== 200) return check('locality', res.statusCode, res.statusCode === 400)
      const rows = (res.json() as { rows: { locality: string }[] }).rows
      // Exact match, not a pattern: only the literal locality selects rows, and then all of them.
      const expected = s === 'Harbourside' ? everyone.rows.length : 0
      return check('locality', 200, rows.length === expected && rows.every((r) => r.locality === s))
    }),
    { seed, numRuns: RUNS, examples: [['Harbourside'], ['Harbour%'], ['Harbourside\u0000'], ["Harbourside' --"]] },
  )
  await fc.assert(
    fc.asyncProperty(hostile, async (s) => {
      const res = await get(`/cohorts/exploitation?limit=1&cursor=${encodeURIComponent(s)}`)
      return check('cursor', res.statusCode, res.statusCode === 400)
    }),
    { seed: seed + 1, numRuns: RUNS },
  )
  await fc.assert(
    fc.asyncProperty(hostile, fc.constantFrom('flags', 'chronology'), async (s, what) => {
      const res = await get(`/children/${encodeURIComponent(s)}/${what}`)
      const known = [1, 2, 3, 4, 5].some((n) => childIdOf(n as 1) === s)
      return check('childId', res.statusCode, known ? res.statusCode === 200 : refusedPathParam(s, res.statusCode))
    }),
    { seed: seed + 2, numRuns: RUNS, examples: [[childIdOf(2), 'flags'], [`${childIdOf(2)}'--`, 'flags'], ['C910000%', 'chronology']] },
  )
  await fc.assert(
    fc.asyncProperty(hostile, async (s) => {
      const res = await get(`/cohorts/${encodeURIComponent(s)}`)
      return check('name', res.statusCode, refusedPathParam(s, res.statusCode))
    }),
    { seed: seed + 3, numRuns: RUNS },
  )
  await fc.assert(
    fc.asyncProperty(hostile, fc.constantFrom('childId', 'sub', 'from', 'to', 'cursor'), async (s, filter) => {
      const res = await get(`/audit?${filter}=${encodeURIComponent(s)}`, 'admin')
      if (res.statusCode !== 200) return check('audit', res.statusCode, res.statusCode === 400)
      const entries = (res.json() as { entries: { sub: string | null; childIds: string[] }[] }).entries
      const correct =
        filter === 'childId' ? entries.every((e) => e.childIds.includes(s)) : filter === 'sub' ? entries.every((e) => e.sub === s) : true
      return check('audit', 200, correct)
    }),
    { seed: seed + 4, numRuns: RUNS },
  )
  const unknown = await get(`/children/${UNKNOWN_CHILD}/flags`)
  t.equal(unknown.statusCode, 404, 'the stored app still answers normally afterwards')
  for (const [name, f] of Object.entries(figures)) {
    t.equal(f.serverErrors, 0, `${name}: no 5xx`)
    t.equal(f.wrong, 0, `${name}: no wrong answer`)
    t.comment(`A10 ${name}: ${f.inputs} inputs, ${f.serverErrors} 5xx, ${f.wrong} wrong results`)
  }
})
