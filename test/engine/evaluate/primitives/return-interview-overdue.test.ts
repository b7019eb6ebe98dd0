import t from 'tap'
import { dateOf } from '../../../../engine/evaluate/dated-fact'
import { evaluateCondition, missing } from '../build'

const D = '2026-11-24' // the end of D is 2026-11-25T00:00:00Z (GMT)
const overdue = { returnInterviewOverdue: { window: { days: 30 }, hoursAfterEnd: 72 } } as const
const interview = (at: { offeredAt?: string; completedAt?: string; declinedAt?: string }) => ({
  returnInterview: { offeredAt: at.offeredAt ?? null, completedAt: at.completedAt ?? null, declinedAt: at.declinedAt ?? null },
})

t.test('more than 72 hours after the end, with no interview, is overdue', async (t) => {
  t.equal(evaluateCondition(overdue, [missing('ME-1', '2026-11-20T10:00:00Z', '2026-11-21T23:59:59Z')], D).value, true, '72 hours and a second')
  t.equal(evaluateCondition(overdue, [missing('ME-1', '2026-11-20T10:00:00Z', '2026-11-22T00:00:00Z')], D).value, false, 'exactly 72 hours')
})

t.test('an interview offered, completed or declined by the end of D stops it', async (t) => {
  const ended = ['2026-11-01T10:00:00Z', '2026-11-02T10:00:00Z'] as const
  for (const key of ['offeredAt', 'completedAt', 'declinedAt'] as const) {
    t.equal(
      evaluateCondition(overdue, [missing('ME-1', ...ended, interview({ [key]: '2026-11-24T23:59:59Z' }))], D).value,
      false,
      `${key} in the last second of D`,
    )
    t.equal(
      evaluateCondition(overdue, [missing('ME-1', ...ended, interview({ [key]: '2026-11-25T00:00:00Z' }))], D).value,
      true,
      `${key} as D+1 begins is too late for D`,
    )
  }
})

t.test('episodes are windowed by the London date of their end and dated by it', async (t) => {
  const r = evaluateCondition(overdue, [missing('ME-1', '2026-08-01T10:00:00Z', '2026-10-26T00:30:00Z')], D)
  if (r.tag !== 'returnInterviewOverdue') return void t.fail('an overdue result')
  t.equal(r.value, true, 'ended 29 days before D though it started months earlier')
  t.same(r.hits.map(dateOf), ['2026-10-26'], 'dated by its end')
  t.equal(
    evaluateCondition(overdue, [missing('ME-1', '2026-08-01T10:00:00Z', '2026-10-25T23:30:00Z')], D).value,
    false,
    'ended 30 days before D',
  )
  t.equal(
    evaluateCondition(overdue, [missing('ME-1', '2026-11-20T10:00:00Z', '2026-11-26T00:30:00Z')], D).value,
    false,
    'ended after D',
  )
})
