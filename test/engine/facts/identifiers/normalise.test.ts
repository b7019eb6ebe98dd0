import t from 'tap'
import fc from 'fast-check'
import { normaliseAgencyIdentifier } from '../../../../engine/facts/identifiers/normalise'

t.test('spaces are removed and letters upper-cased', async (t) => {
  t.equal(normaliseAgencyIdentifier(' j801 2003 0100 1 '), 'J801200301001')
  t.equal(normaliseAgencyIdentifier('999 000 0018'), '9990000018')
})

t.test('only the space character is removed', async (t) => {
  t.equal(normaliseAgencyIdentifier('a\tb'), 'A\tB')
  t.equal(normaliseAgencyIdentifier('a\u00a0b'), 'A\u00a0B')
})

t.test('only ASCII letters change case: no non-ASCII letter can become an ASCII one', async (t) => {
  t.equal(normaliseAgencyIdentifier('straße'), 'STRAßE')
  t.equal(normaliseAgencyIdentifier('\ufb00'), '\ufb00')
  t.equal(normaliseAgencyIdentifier('\u0131'), '\u0131')
})

t.test('normalising is idempotent on ASCII (property)', async (t) => {
  fc.assert(
    fc.property(fc.string({ unit: fc.constantFrom(...' abcXYZ019-/') }), (s) => {
      const once = normaliseAgencyIdentifier(s)
      return normaliseAgencyIdentifier(once) === once && !once.includes(' ')
    }),
  )
  t.pass('property held')
})
