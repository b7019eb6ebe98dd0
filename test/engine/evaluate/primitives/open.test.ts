import t from 'tap'
import { care, evaluateCondition, missing } from '../build'

const D = '2026-11-24'
const openCare = { open: { kind: 'care_period' } } as const
const openMissing = { open: { kind: 'missing_episode' } } as const

t.test('a period with date bounds is open on D when start ≤ D and end is null or ≥ D', async (t) => {
  t.equal(evaluateCondition(openCare, [care('CP-1', '2025-01-01', null)], D).value, true, 'no end')
  t.equal(evaluateCondition(openCare, [care('CP-1', '2025-01-01', D)], D).value, true, 'ends on D')
  t.equal(evaluateCondition(openCare, [care('CP-1', D, null)], D).value, true, 'starts on D')
  t.equal(evaluateCondition(openCare, [care('CP-1', '2025-01-01', '2026-11-23')], D).value, false, 'ended the day before')
  t.equal(evaluateCondition(openCare, [care('CP-1', '2026-11-25', null)], D).value, false, 'starts the day after')
})

t.test('a missing episode is open when started by the end of D and not ended by then', async (t) => {
  t.equal(evaluateCondition(openMissing, [missing('ME-1', '2026-11-24T23:59:59Z', null)], D).value, true, 'started in the last second of D')
  t.equal(evaluateCondition(openMissing, [missing('ME-1', '2026-11-25T00:00:00Z', null)], D).value, false, 'started as D+1 began')
  t.equal(
    evaluateCondition(openMissing, [missing('ME-1', '2026-11-20T10:00:00Z', '2026-11-25T00:00:01Z')], D).value,
    true,
    'ended just after the end of D',
  )
  t.equal(
    evaluateCondition(openMissing, [missing('ME-1', '2026-11-20T10:00:00Z', '2026-11-25T00:00:00Z')], D).value,
    false,
    'ended at the end of D: not after it',
  )
  t.equal(
    evaluateCondition(openMissing, [missing('ME-1', '2026-11-20T10:00:00Z', '2026-11-25T00:00:00.0001Z')], D).value,
    true,
    'ended 0.1 ms after the end of D: after it',
  )
  t.equal(
    evaluateCondition(openMissing, [missing('ME-1', '2026-07-01T10:00:00Z', '2026-07-10T23:30:00Z')], '2026-07-10').value,
    true,
    'in summer time the end of D is 23:00 UTC',
  )
})

t.test('where narrows which periods count', async (t) => {
  const r = evaluateCondition(
    { open: { kind: 'missing_episode', where: { category: ['away'] } } },
    [missing('ME-1', '2026-11-20T10:00:00Z', null), missing('ME-2', '2026-11-21T10:00:00Z', null, { category: 'away' })],
    D,
  )
  if (r.tag !== 'open') return void t.fail('an open result')
  t.same(r.hits.map((h) => h.fact.sourceId), ['ME-2'])
})
