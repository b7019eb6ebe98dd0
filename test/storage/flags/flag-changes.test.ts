import fc from 'fast-check'
import t from 'tap'
import { flagChanges } from '../../../storage/flags/flag-changes'
import { evaluationOf } from './evaluations'

const RULES: readonly string[] = ['A', 'B', 'C', 'D']

t.test('a newly raised flag starts a run; a held one keeps its since; a dropped one is cleared', async (t) => {
  const held = new Map([
    ['A', '2024-01-01'],
    ['B', '2024-01-05'],
  ])
  const changes = flagChanges(held, evaluationOf('C1', '2024-02-01', ['A', 'C']))
  t.same(changes.events, [
    { childId: 'C1', ruleId: 'C', event: 'raised', onDate: '2024-02-01' },
    { childId: 'C1', ruleId: 'B', event: 'cleared', onDate: '2024-02-01' },
  ])
  t.same(
    changes.states.map((s) => [s.flag.id, s.since]),
    [
      ['A', '2024-01-01'],
      ['C', '2024-02-01'],
    ],
  )
  t.same(changes.cleared, ['B'])
})

t.test('law: applying the changes to the held set gives exactly the raised set', async (t) => {
  fc.assert(
    fc.property(fc.subarray([...RULES]), fc.subarray([...RULES]), (before, after) => {
      const held = new Map(before.map((id) => [id, '2024-01-01']))
      const changes = flagChanges(held, evaluationOf('C1', '2024-02-01', after))
      const result = new Set([...held.keys()].filter((id) => !changes.cleared.includes(id)))
      for (const s of changes.states) result.add(s.flag.id)
      t.same([...result].sort(), [...after].sort())
      // An event only where something changed.
      t.equal(changes.events.length, [...before, ...after].filter((id) => before.includes(id) !== after.includes(id)).length)
    }),
  )
})
