import t from 'tap'
import { tierOf } from '../../../engine/evaluate'

t.test('tiers start at their thresholds', async (t) => {
  const tiers = { high: 10, medium: 5, low: 1 }
  t.same([0, 1, 4, 5, 9, 10, 25].map((s) => tierOf(s, tiers)), ['none', 'low', 'low', 'medium', 'medium', 'high', 'high'])
})
