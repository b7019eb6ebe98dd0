import t from 'tap'
import { AgencyReference, ChildId, NhsNumber, Upn } from '../../../../engine/facts/codecs/identifiers'
import { NHS_NUMBER, UPN, upnFor } from './examples'

type Decoder = typeof Upn

const decodes = (codec: Decoder, u: unknown): string | undefined => {
  const r = codec.decode(u)
  return r._tag === 'Right' ? r.right : undefined
}

const messageOf = (codec: Decoder, u: unknown): string | undefined => {
  const r = codec.decode(u)
  return r._tag === 'Left' ? r.left[0]?.message : undefined
}

t.test('UPNs: spaces removed and letters upper-cased before the check', async (t) => {
  t.equal(decodes(Upn, UPN), UPN)
  t.equal(decodes(Upn, ` ${UPN.toLowerCase().slice(0, 4)} ${UPN.slice(4, 8)} ${UPN.slice(8)} `), UPN)
  const temporary = upnFor('80120030100Z')
  t.equal(decodes(Upn, temporary.toLowerCase()), temporary)
})

t.test('UPNs: a check letter off by one is refused with a message about the check letter', async (t) => {
  const alphabet = 'ABCDEFGHJKLMNPQRTUVWXYZ'
  const next = alphabet[(alphabet.indexOf(UPN[0] ?? 'A') + 1) % alphabet.length] ?? 'A'
  t.equal(decodes(Upn, next + UPN.slice(1)), undefined)
  t.match(messageOf(Upn, next + UPN.slice(1)), /check letter/)
  // A digit changed also breaks the check.
  const digit = UPN.slice(0, 5) + String((Number(UPN[5]) + 1) % 10) + UPN.slice(6)
  t.equal(decodes(Upn, digit), undefined)
})

t.test('UPNs: wrong shapes are refused', async (t) => {
  for (const bad of ['', 'A12', `${UPN}0`, UPN.slice(0, 12), `1${UPN.slice(1)}`, UPN.replace(/\d/, 'X'), 'ß'.repeat(13), `${UPN.slice(0, 12)}\u0130`, 12, null]) {
    t.equal(decodes(Upn, bad), undefined, JSON.stringify(bad))
  }
})

t.test('UPNs: a temporary UPN whose last letter is I, O or S has no check letter', async (t) => {
  for (const last of ['I', 'O', 'S']) {
    for (const letter of 'ABCDEFGHJKLMNPQRTUVWXYZ') t.equal(decodes(Upn, `${letter}80120030100${last}`), undefined)
  }
})

t.test('NHS numbers: ten digits with a valid check digit, spaces ignored', async (t) => {
  t.equal(decodes(NhsNumber, NHS_NUMBER), NHS_NUMBER)
  t.equal(decodes(NhsNumber, `${NHS_NUMBER.slice(0, 3)} ${NHS_NUMBER.slice(3, 6)} ${NHS_NUMBER.slice(6)}`), NHS_NUMBER)
  const offByOne = NHS_NUMBER.slice(0, 9) + String((Number(NHS_NUMBER[9]) + 1) % 10)
  t.equal(decodes(NhsNumber, offByOne), undefined)
  t.match(messageOf(NhsNumber, offByOne), /check digit/)
  for (const bad of ['999000001', `${NHS_NUMBER}0`, '999-000-0018', '999000001X', 9990000018, '\uff19'.repeat(10)]) {
    t.equal(decodes(NhsNumber, bad), undefined, JSON.stringify(bad))
  }
})

t.test('agency references: letters, digits, - and /, normalised', async (t) => {
  t.equal(decodes(AgencyReference, 'pn-0001'), 'PN-0001')
  t.equal(decodes(AgencyReference, 'sc / 12 / 3'), 'SC/12/3')
  t.equal(decodes(AgencyReference, 'X'.repeat(64)), 'X'.repeat(64))
  for (const bad of ['', '   ', 'X'.repeat(65), 'PN_1', 'PN.1', 'PN\t1', 'ﬀ1', 'ı1', 'straße']) {
    t.equal(decodes(AgencyReference, bad), undefined, JSON.stringify(bad))
  }
})

t.test('childId is taken exactly as sent', async (t) => {
  t.equal(decodes(ChildId, 'c-0001/a'), 'c-0001/a')
  t.equal(decodes(ChildId, 'C 1'), undefined)
  t.equal(decodes(ChildId, 'x'.repeat(65)), undefined)
})
