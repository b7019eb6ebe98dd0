import t from 'tap'
import fc from 'fast-check'
import { orList, percent } from '../../../engine/evaluate/phrases'

t.test('percentages are rounded down to a tenth, so a threshold is never shown as met when it is not', async (t) => {
  t.equal(percent(20, 40), '50%')
  t.equal(percent(3, 40), '7.5%')
  t.equal(percent(14, 19), '73.6%')
  t.equal(percent(1999, 4000), '49.9%', '49.975% shows as 49.9%, not 50%')
  t.equal(percent(0, 0), '0%')
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 1, max: 100 }), (whole, p, threshold) => {
      const part = p % (whole + 1)
      const shown = Number.parseFloat(percent(part, whole))
      return shown >= threshold === part * 100 >= threshold * whole
    }),
  )
})

t.test('lists read as English', async (t) => {
  t.equal(orList(['a']), 'a')
  t.equal(orList(['a', 'b']), 'a or b')
  t.equal(orList(['a', 'b', 'c']), 'a, b or c')
})
