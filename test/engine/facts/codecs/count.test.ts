import t from 'tap'
import fc from 'fast-check'
import { Count } from '../../../../engine/facts/codecs/count'

const ok = (u: unknown): boolean => Count.decode(u)._tag === 'Right'

t.test('whole numbers from 0 to 2^53 − 1 are counts', async (t) => {
  for (const good of [0, 1, 90, Number.MAX_SAFE_INTEGER]) t.ok(ok(good), String(good))
})

t.test('-0, Infinity, fractions, negatives, 2^53 and beyond, and non-numbers are not', async (t) => {
  for (const bad of [-0, -1, 1.5, Infinity, -Infinity, NaN, 2 ** 53, 2 ** 53 + 2, '1', null, true]) t.notOk(ok(bad), String(bad))
  const minusZero = Count.decode(-0)
  t.match(minusZero._tag === 'Left' ? minusZero.left[0]?.message : '', /without a minus sign/)
})

t.test('a count is exactly a safe non-negative integer other than -0 (property)', async (t) => {
  fc.assert(fc.property(fc.double(), (d) => ok(d) === (Number.isSafeInteger(d) && d >= 0 && !Object.is(d, -0))))
  t.pass('property held')
})
