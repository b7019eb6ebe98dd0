import t from 'tap'
import { attendance, evaluateCondition } from '../build'

const D = '2026-11-24'
const severe = { absenceRate: { window: { days: 42 }, atLeastPercent: 50, minPossibleSessions: 20 } } as const

const run = (facts: Parameters<typeof evaluateCondition>[1]) => {
  const r = evaluateCondition(severe, facts, D)
  if (r.tag !== 'absenceRate') throw new Error('an absence rate result')
  return r
}

t.test('exactly the threshold raises it, in whole numbers', async (t) => {
  t.equal(run([attendance('ATT-1', '2026-11-20', 40, 20)]).value, true, '20 of 40 is 50%')
  t.equal(run([attendance('ATT-1', '2026-11-20', 40, 21)]).value, false, '19 of 40 is below')
  t.equal(run([attendance('ATT-1', '2026-11-20', 3 * 7, 10)]).value, true, '11 of 21 is above 50%')
  t.equal(run([attendance('ATT-1', '2026-11-20', 33, 17)]).value, false, '16 of 33 is 48.48%')
})

t.test('summaries are added together before the rate is taken', async (t) => {
  const r = run([attendance('ATT-1', '2026-10-20', 10, 0), attendance('ATT-2', '2026-11-20', 30, 20)])
  t.equal(r.possible, 40)
  t.equal(r.absent, 20)
  t.equal(r.value, true)
  t.same(r.hits.map((h) => h.fact.sourceId), ['ATT-1', 'ATT-2'])
})

t.test('too few possible sessions never raise it', async (t) => {
  const r = run([attendance('ATT-1', '2026-11-20', 19, 0)])
  t.equal(r.value, false)
  t.equal(r.possible, 19)
})

t.test('summaries are windowed by periodEnd', async (t) => {
  t.equal(run([attendance('ATT-1', '2026-10-13', 40, 0)]).possible, 0, '42 days before D is outside')
  t.equal(run([attendance('ATT-1', '2026-10-14', 40, 0)]).possible, 40, '41 days before D is inside')
  t.equal(run([attendance('ATT-1', '2026-11-25', 40, 0)]).possible, 0, 'after D is outside')
})
