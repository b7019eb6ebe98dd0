import t from 'tap'
import { changedSince } from '../../../engine/cohorts/changed-since'
import type { CohortRow } from '../../../engine/cohorts/cohort-row'

const row = (childId: string, flags: readonly string[], score = 0): CohortRow => ({
  childId,
  age: 15,
  sex: 'X',
  locality: 'East',
  score,
  tier: 'none',
  flags,
  columns: {},
})

t.test('entered, left and flags changed, each with what changed', async (t) => {
  const earlier = [row('C1', ['MISSING_REPEAT']), row('C2', ['MISSING_ONGOING', 'MISSING_RECENT']), row('C3', ['MISSING_REPEAT'])]
  const now = [row('C4', ['MISSING_ONGOING']), row('C2', ['MISSING_REPEAT', 'MISSING_RECENT']), row('C3', ['MISSING_REPEAT'], 7)]
  t.same(changedSince(earlier, now), [
    { childId: 'C4', change: 'entered', raised: ['MISSING_ONGOING'], cleared: [] },
    { childId: 'C2', change: 'flags_changed', raised: ['MISSING_REPEAT'], cleared: ['MISSING_ONGOING'] },
    { childId: 'C1', change: 'left', raised: [], cleared: ['MISSING_REPEAT'] },
  ])
})

t.test('the same flags in another order are no change', async (t) => {
  t.same(changedSince([row('C1', ['A', 'B'])], [row('C1', ['B', 'A'])]), [])
})

t.test('nothing before: everyone entered; nothing now: everyone left', async (t) => {
  t.same(changedSince([], [row('C1', [])]), [{ childId: 'C1', change: 'entered', raised: [], cleared: [] }])
  t.same(changedSince([row('C1', ['X'])], []), [{ childId: 'C1', change: 'left', raised: [], cleared: ['X'] }])
})
