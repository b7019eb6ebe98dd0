import t from 'tap'
import { evaluateCondition, permanent, suspension } from '../build'

const D = '2026-11-24'
const sessions = { sum: { kind: 'exclusion', field: 'sessions', where: { type: ['suspension'] }, window: 'academicYear', atLeast: 10 } } as const

t.test('adds up the field over the facts in the window', async (t) => {
  const r = evaluateCondition(sessions, [suspension('EX-1', '2026-09-10', 4), suspension('EX-2', '2026-11-01', 6), suspension('EX-0', '2026-08-31', 9)], D)
  if (r.tag !== 'sum') return void t.fail('a sum result')
  t.equal(r.total, 10, 'the suspension on 31 August belongs to last academic year')
  t.equal(r.value, true)
  t.same(r.hits.map((h) => h.fact.sourceId), ['EX-1', 'EX-2'])
})

t.test('facts without the field add nothing and are not evidence', async (t) => {
  const r = evaluateCondition(
    { sum: { kind: 'exclusion', field: 'sessions', window: 'academicYear', atLeast: 1 } },
    [permanent('EX-1', '2026-10-01')],
    D,
  )
  if (r.tag !== 'sum') return void t.fail('a sum result')
  t.equal(r.total, 0)
  t.equal(r.value, false)
  t.same(r.hits, [])
})
