import t from 'tap'
import { decoded, EXAMPLES, errorsOf, NHS_NUMBER, pathsOf, RECORDED_AT, UPN, upnFor, withdrawalOf, withFields, without } from './examples'

const child = EXAMPLES.child

t.test('a valid child record decodes to the same fields', async (t) => {
  t.strictSame(decoded(child), child)
})

t.test('optional fields may be left out', async (t) => {
  const minimal = without(child, 'ethnicity', 'givenName', 'familyName', 'upn', 'nhsNumber', 'policeId', 'socialCareId', 'yjId')
  t.strictSame(decoded(minimal), minimal)
})

t.test('agency identifiers are normalised; childId is kept as sent', async (t) => {
  const spaced = withFields(child, {
    upn: `${UPN.slice(0, 5).toLowerCase()} ${UPN.slice(5)}`,
    nhsNumber: `${NHS_NUMBER.slice(0, 3)} ${NHS_NUMBER.slice(3, 6)} ${NHS_NUMBER.slice(6)}`,
    policeId: 'pn-0001',
  })
  const fact = decoded(spaced) as Record<string, unknown>
  t.equal(fact['upn'], UPN)
  t.equal(fact['nhsNumber'], NHS_NUMBER)
  t.equal(fact['policeId'], 'PN-0001')
  const lower = withFields(child, { childId: 'c0000001', subject: { childId: 'c0000001' } })
  t.equal((decoded(lower) as Record<string, unknown>)['childId'], 'c0000001')
})

t.test('names are NFC-normalised', async (t) => {
  const fact = decoded(withFields(child, { givenName: 'Zoe\u0301' })) as Record<string, unknown>
  t.equal(fact['givenName'], 'Zo\u00e9')
})

t.test('a temporary UPN (ending in a letter) is accepted', async (t) => {
  const temporary = upnFor('99900000000A')
  t.equal((decoded(withFields(child, { upn: temporary })) as Record<string, unknown>)['upn'], temporary)
})

t.test('each invalid field is reported at its path', async (t) => {
  t.strictSame(pathsOf(withFields(child, { sex: 'female' })), ['sex'])
  t.strictSame(pathsOf(withFields(child, { dateOfBirth: '2012-02-30' })), ['dateOfBirth'])
  t.strictSame(pathsOf(withFields(child, { ethnicity: 'wbri' })), ['ethnicity'])
  t.strictSame(pathsOf(withFields(child, { locality: '' })), ['locality'])
  t.strictSame(pathsOf(withFields(child, { familyName: 'x'.repeat(101) })), ['familyName'])
  t.strictSame(pathsOf(withFields(child, { yjId: 'YJ_0001' })), ['yjId'])
  t.strictSame(pathsOf(without(child, 'locality')), ['locality'])
  t.match(errorsOf(without(child, 'locality'))[0]?.expected, /the field is required/)
})

t.test('a UPN with a wrong check letter names the check letter', async (t) => {
  const wrong = (UPN[0] === 'A' ? 'B' : 'A') + UPN.slice(1)
  const errors = errorsOf(withFields(child, { upn: wrong }))
  t.strictSame(
    errors.map((e) => e.path),
    ['upn'],
  )
  t.match(errors[0]?.expected, /check letter/)
})

t.test('date of birth may be the day recordedAt falls on in London, not later', async (t) => {
  t.strictSame(pathsOf(withFields(child, { dateOfBirth: '2024-03-01' })), [])
  t.strictSame(pathsOf(withFields(child, { dateOfBirth: '2024-03-02' })), ['dateOfBirth'])
  // 23:30 UTC on 30 June is already 1 July in London (BST).
  t.strictSame(pathsOf(withFields(child, { recordedAt: '2024-06-30T23:30:00Z', dateOfBirth: '2024-07-01' })), [])
  // In winter London is on UTC: 31 January still.
  t.strictSame(pathsOf(withFields(child, { recordedAt: '2024-01-31T23:30:00Z', dateOfBirth: '2024-02-01' })), ['dateOfBirth'])
})

t.test('the subject must be { childId } with the record’s childId', async (t) => {
  const mismatch = errorsOf(withFields(child, { subject: { childId: 'C0000002' } }))
  t.strictSame(
    mismatch.map((e) => e.path),
    ['childId'],
  )
  t.strictSame(pathsOf(withFields(child, { subject: { upn: UPN } })), ['subject'])
})

t.test('every error of the line is collected, in field order', async (t) => {
  const bad = withFields(child, {
    childId: 'C 1',
    sex: 'Q',
    ethnicity: 'W',
    nhsNumber: '9990000010',
    nickname: 'x',
    recordedAt: RECORDED_AT,
    dateOfBirth: '2030-01-01',
  })
  t.strictSame(pathsOf(bad), ['childId', 'sex', 'ethnicity', 'nhsNumber', 'nickname', 'dateOfBirth'])
})

t.test('a withdrawal needs only the envelope, but checks what it carries', async (t) => {
  t.strictSame(decoded(withdrawalOf(child)), withdrawalOf(child))
  t.strictSame(pathsOf(withdrawalOf(child, { childId: 'C0000002' })), ['childId'])
  t.strictSame(pathsOf(withdrawalOf(child, { sex: 'Q', dateOfBirth: '2030-01-01' })), ['sex', 'dateOfBirth'])
  t.strictSame(pathsOf(withdrawalOf(withFields(child, { subject: { policeId: 'PN-1' } }))), ['subject'])
})
