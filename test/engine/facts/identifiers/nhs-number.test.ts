import t from 'tap'
import fc from 'fast-check'
import { isValidNhsNumber, nhsCheckDigit } from '../../../../engine/facts/identifiers/nhs-number'

t.test('worked examples in the 999 test range (DOMAIN.md §10)', async (t) => {
  // 9·10 + 9·9 + 9·8 + 1·2 = 245; 245 mod 11 = 3; 11 − 3 = 8
  t.equal(nhsCheckDigit('999000001'), '8')
  t.ok(isValidNhsNumber('9990000018'))
  t.notOk(isValidNhsNumber('9990000017'))
  t.notOk(isValidNhsNumber('9990000019'))
  // 243 + 5·2 = 253 = 23·11: remainder 0 gives 11, which means 0
  t.equal(nhsCheckDigit('999000005'), '0')
  t.ok(isValidNhsNumber('9990000050'))
  // 243 mod 11 = 1: 11 − 1 = 10, so no number starts 999000000
  t.equal(nhsCheckDigit('999000000'), undefined)
  for (let d = 0; d <= 9; d++) t.notOk(isValidNhsNumber(`999000000${d}`))
})

t.test('wrong shapes are invalid', async (t) => {
  for (const bad of ['', '999000001', '99900000188', '999 000 0018', '999000001X', '９９９０００００１８']) t.notOk(isValidNhsNumber(bad), bad)
  for (const bad of ['99900000', '9990000011', 'abcdefghi']) t.equal(nhsCheckDigit(bad), undefined, bad)
})

const firstNines = fc.stringMatching(/^\d{6}$/).map((d) => `999${d}`)

t.test('a single changed digit is always detected (property)', async (t) => {
  fc.assert(
    fc.property(firstNines, fc.integer({ min: 0, max: 9 }), fc.integer({ min: 1, max: 9 }), (nine, i, delta) => {
      const check = nhsCheckDigit(nine)
      fc.pre(check !== undefined)
      const nhs = nine + (check ?? '')
      const changed = nhs.slice(0, i) + String((Number(nhs[i]) + delta) % 10) + nhs.slice(i + 1)
      return isValidNhsNumber(nhs) && !isValidNhsNumber(changed)
    }),
  )
  t.pass('property held')
})

t.test('swapping two different adjacent digits is detected (property)', async (t) => {
  fc.assert(
    fc.property(firstNines, fc.integer({ min: 0, max: 8 }), (nine, i) => {
      const check = nhsCheckDigit(nine)
      fc.pre(check !== undefined)
      const nhs = nine + (check ?? '')
      fc.pre(nhs[i] !== nhs[i + 1])
      const swapped = nhs.slice(0, i) + (nhs[i + 1] ?? '') + (nhs[i] ?? '') + nhs.slice(i + 2)
      return !isValidNhsNumber(swapped)
    }),
  )
  t.pass('property held')
})
