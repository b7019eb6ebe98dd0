import t from 'tap'
import { denotesWholeNumber } from '../../../engine/batch/json-number'

t.test('reads the decimal text exactly', async (t) => {
  for (const s of ['0', '-0', '1', '1.0', '1.50e1', '1e21', '0.0e-5', '100e-2', '123456789012345678901234567890', `1e${'9'.repeat(400)}`]) {
    t.ok(denotesWholeNumber(s), s.slice(0, 40))
  }
  for (const s of ['0.5', '15e-1', '1e-1', '0.99999999999999999', '1e-400', '1.05e1', `1e-${'9'.repeat(400)}`]) t.notOk(denotesWholeNumber(s), s.slice(0, 40))
})

t.test('long runs of zeros are read without trouble', async (t) => {
  t.ok(denotesWholeNumber(`1${'0'.repeat(60_000)}`))
  t.notOk(denotesWholeNumber(`0.${'0'.repeat(60_000)}1`))
  t.ok(denotesWholeNumber(`1.${'0'.repeat(60_000)}e0`))
})
