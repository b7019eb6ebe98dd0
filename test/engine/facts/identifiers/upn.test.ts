import t from 'tap'
import fc from 'fast-check'
import { isValidUpn, UPN_ALPHABET, upnCheckLetter } from '../../../../engine/facts/identifiers/upn'

t.test('the check letter of a worked example (DOMAIN.md §10)', async (t) => {
  // 8·2 + 0·3 + 1·4 + 2·5 + 0·6 + 0·7 + 3·8 + 0·9 + 1·10 + 0·11 + 0·12 + 1·13 = 77; 77 mod 23 = 8 → J
  t.equal(upnCheckLetter('801200301001'), 'J')
  t.ok(isValidUpn('J801200301001'))
  t.notOk(isValidUpn('K801200301001'))
})

t.test('a temporary UPN counts its last letter by its place in the alphabet', async (t) => {
  // As above but the last character is A (0) instead of 1: 77 − 13 = 64; 64 mod 23 = 18 → V
  t.equal(upnCheckLetter('80120030100A'), 'V')
  t.ok(isValidUpn('V80120030100A'))
  // C is 2 in the alphabet: 64 + 26 = 90; 90 mod 23 = 21 → Y
  t.equal(upnCheckLetter('80120030100C'), 'Y')
})

t.test('the alphabet has no I, O or S, and such a last letter has no check letter', async (t) => {
  t.equal(UPN_ALPHABET.length, 23)
  t.notMatch(UPN_ALPHABET, /[IOS]/)
  for (const letter of ['I', 'O', 'S']) t.equal(upnCheckLetter(`80120030100${letter}`), undefined)
})

t.test('wrong shapes have no check letter and are invalid', async (t) => {
  for (const body of ['', '80120030100', '8012003010011', '8012003010A1', 'a01200301001', '80120030100a']) t.equal(upnCheckLetter(body), undefined, body)
  for (const upn of ['j801200301001', ' J801200301001', 'J80120030100', '1801200301001', 'I801200301001']) t.notOk(isValidUpn(upn), upn)
})

const bodies = fc.tuple(fc.stringMatching(/^\d{11}$/), fc.constantFrom(...'0123456789ABCDEFGHJKLMNPQRTUVWXYZ')).map(([d, last]) => d + last)

t.test('every body has a check letter that makes a valid UPN (property)', async (t) => {
  fc.assert(fc.property(bodies, (body) => isValidUpn(`${upnCheckLetter(body) ?? '?'}${body}`)))
  t.pass('property held')
})

t.test('changing any one digit breaks the check (property)', async (t) => {
  fc.assert(
    fc.property(bodies, fc.integer({ min: 0, max: 10 }), fc.integer({ min: 1, max: 9 }), (body, i, delta) => {
      const changed = body.slice(0, i) + String((Number(body[i]) + delta) % 10) + body.slice(i + 1)
      return !isValidUpn(`${upnCheckLetter(body) ?? '?'}${changed}`)
    }),
  )
  t.pass('property held')
})
