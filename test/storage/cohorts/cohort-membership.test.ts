import t from 'tap'
import { cohortMembersOn } from '../../../storage/cohorts/cohort-members-on'
import { storeCohortMembership } from '../../../storage/cohorts/store-cohort-membership'
import { storeEvaluations } from '../../../storage/flags/store-evaluations'
import { openTestDatabase } from '../../helpers/database'
import { evaluationOf } from '../flags/evaluations'

t.test('membership changes are stored as events and replayed as of any date', async (t) => {
  const db = await openTestDatabase(t)
  const days = [
    ['2024-03-01', { C1: ['MISSING_REPEAT'], C2: ['MISSING_REPEAT'] }],
    ['2024-03-02', { C1: ['MISSING_REPEAT', 'MISSING_RECENT'], C3: ['MISSING_REPEAT'] }],
    ['2024-03-03', { C1: ['MISSING_REPEAT', 'MISSING_RECENT'], C3: ['MISSING_REPEAT'] }],
  ] as const
  const changes = []
  for (const [day, members] of days) {
    const evaluatedAt = `${day}T06:00:00.000Z`
    const flagged = members as Readonly<Record<string, readonly string[]>>
    await storeEvaluations(
      db,
      ['C1', 'C2', 'C3'].map((id) => evaluationOf(id, day, flagged[id] ?? [])),
      { evaluatedAt },
    )
    changes.push(await storeCohortMembership(db, { cohort: 'missing-pilot', asOf: day, evaluatedAt, childIds: Object.keys(members) }))
  }
  t.same(changes, [
    { entered: ['C1', 'C2'], left: [] },
    { entered: ['C3'], left: ['C2'] },
    { entered: [], left: [] },
  ])
  t.same(await cohortMembersOn(db, 'missing-pilot', '2024-02-28'), [])
  t.same(await cohortMembersOn(db, 'missing-pilot', '2024-03-01'), [
    { childId: 'C1', flags: ['MISSING_REPEAT'] },
    { childId: 'C2', flags: ['MISSING_REPEAT'] },
  ])
  t.same(await cohortMembersOn(db, 'missing-pilot', '2024-03-03'), [
    { childId: 'C1', flags: ['MISSING_RECENT', 'MISSING_REPEAT'] },
    { childId: 'C3', flags: ['MISSING_REPEAT'] },
  ])
  t.same(await cohortMembersOn(db, 'exploitation', '2024-03-03'), [], 'cohorts are kept apart')
})
