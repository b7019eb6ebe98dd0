import t from 'tap'
import { attendance, evaluateCondition, missing, permanent, suspension } from '../build'

const D = '2026-11-24'

t.test('counts facts of the kind whose event date is in the window', async (t) => {
  const facts = [
    missing('ME-0', '2026-08-26T10:00:00Z', null), // D − 90: outside
    missing('ME-1', '2026-08-27T10:00:00Z', null), // D − 89: inside
    missing('ME-2', '2026-11-24T23:59:00Z', null), // D itself
    missing('ME-3', '2026-11-25T00:00:00Z', null), // after D
    attendance('ATT-1', '2026-11-20', 40, 40), // another kind
  ]
  const r = evaluateCondition({ count: { kind: 'missing_episode', window: { days: 90 }, atLeast: 2 } }, facts, D)
  if (r.tag !== 'count') return void t.fail('a count result')
  t.equal(r.count, 2)
  t.equal(r.value, true, 'at the threshold counts as reaching it')
  t.same(
    r.hits.map((h) => h.fact.sourceId),
    ['ME-1', 'ME-2'],
    'the hits, in date order',
  )
})

t.test('below the threshold is false', async (t) => {
  const r = evaluateCondition({ count: { kind: 'missing_episode', window: { days: 90 }, atLeast: 3 } }, [missing('ME-1', '2026-11-01T10:00:00Z', null)], D)
  t.equal(r.value, false)
})

t.test('where keeps only facts with one of the listed values', async (t) => {
  const facts = [suspension('EX-1', '2026-09-10', 2), permanent('EX-2', '2026-10-01'), suspension('EX-3', '2026-11-01', 1)]
  const r = evaluateCondition({ count: { kind: 'exclusion', where: { type: ['suspension'] }, window: 'academicYear', atLeast: 1 } }, facts, D)
  if (r.tag !== 'count') return void t.fail('a count result')
  t.same(r.hits.map((h) => h.fact.sourceId), ['EX-1', 'EX-3'])
})

t.test('an absent optional field reads as null in where', async (t) => {
  const r = evaluateCondition(
    { count: { kind: 'exclusion', where: { sessions: [null] }, window: 'onOrBefore', atLeast: 1 } },
    [suspension('EX-1', '2026-09-10', 2), permanent('EX-2', '2026-10-01')],
    D,
  )
  if (r.tag !== 'count') return void t.fail('a count result')
  t.same(r.hits.map((h) => h.fact.sourceId), ['EX-2'], 'a permanent exclusion has no sessions')
})

t.test('onOrBefore reaches back without limit but never past D', async (t) => {
  const facts = [permanent('EX-1', '1990-01-01'), permanent('EX-2', D), permanent('EX-3', '2026-11-25')]
  const r = evaluateCondition({ count: { kind: 'exclusion', window: 'onOrBefore', atLeast: 1 } }, facts, D)
  if (r.tag !== 'count') return void t.fail('a count result')
  t.equal(r.count, 2)
})
