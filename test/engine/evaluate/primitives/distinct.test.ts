import t from 'tap'
import { aceIndicator, evaluateCondition, factor } from '../build'

const D = '2026-11-24'
const aces = {
  distinct: {
    of: [
      { kind: 'ace_indicator', field: 'category' },
      { kind: 'assessment_factor', field: 'code', mapping: 'aceByFactor' },
    ],
    window: 'onOrBefore',
    atLeast: 3,
  },
} as const

t.test('counts distinct values after mapping factor codes to ACE categories', async (t) => {
  const r = evaluateCondition(
    aces,
    [
      aceIndicator('ACE-1', 'domestic_abuse', '2024-01-01'),
      factor('AF-1', '3B', '2024-02-01'), // domestic_abuse again
      factor('AF-2', '4B', '2024-03-01'), // household_mental_illness
      factor('AF-3', '16A', '2024-04-01'), // physical_neglect
      factor('AF-4', '24A', '2024-05-01'), // not mapped in the test rule set
    ],
    D,
  )
  if (r.tag !== 'distinct') return void t.fail('a distinct result')
  t.same(r.values, ['domestic_abuse', 'household_mental_illness', 'physical_neglect'], 'sorted, each once')
  t.equal(r.value, true)
  t.same(r.hits.map((h) => h.fact.sourceId), ['ACE-1', 'AF-1', 'AF-2', 'AF-3'], 'every contributing fact; unmapped codes are not evidence')
})

t.test('without a mapping the raw value is counted', async (t) => {
  const r = evaluateCondition(
    { distinct: { of: [{ kind: 'assessment_factor', field: 'code' }], window: { months: 12 }, atLeast: 2 } },
    [factor('AF-1', '24A', '2026-05-01'), factor('AF-2', '24A', '2026-06-01'), factor('AF-3', '13A', '2024-06-01')],
    D,
  )
  if (r.tag !== 'distinct') return void t.fail('a distinct result')
  t.same(r.values, ['24A'], 'the 2024 factor is outside 12 months')
  t.equal(r.value, false)
})
