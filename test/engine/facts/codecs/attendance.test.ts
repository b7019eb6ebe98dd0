import t from 'tap'
import { decoded, EXAMPLES, errorsOf, pathsOf, withdrawalOf, withFields } from './examples'

const attendance = EXAMPLES.attendance

t.test('a valid attendance summary decodes', async (t) => {
  t.strictSame(decoded(attendance), attendance)
})

t.test('the sessions must add up to the possible sessions', async (t) => {
  const errors = errorsOf(withFields(attendance, { attendedSessions: 17 }))
  t.strictSame(
    errors.map((e) => e.path),
    ['possibleSessions'],
  )
  t.equal(errors[0]?.expected, 'the sum of attendedSessions, authorisedAbsences and unauthorisedAbsences')
  t.strictSame(pathsOf(withFields(attendance, { attendedSessions: 15 })), ['possibleSessions'])
})

t.test('possible sessions are at most two per day of the period, both ends included', async (t) => {
  // 19 Feb to 1 Mar 2024 is 12 days (a leap year): 24 sessions at most.
  t.strictSame(pathsOf(withFields(attendance, { possibleSessions: 24, attendedSessions: 20 })), [])
  t.strictSame(pathsOf(withFields(attendance, { possibleSessions: 25, attendedSessions: 21 })), ['possibleSessions'])
  const oneDay = { periodStart: '2024-03-01', periodEnd: '2024-03-01' }
  t.strictSame(pathsOf(withFields(attendance, { ...oneDay, possibleSessions: 2, attendedSessions: 2, authorisedAbsences: 0, unauthorisedAbsences: 0 })), [])
  t.strictSame(pathsOf(withFields(attendance, { ...oneDay, possibleSessions: 3, attendedSessions: 3, authorisedAbsences: 0, unauthorisedAbsences: 0 })), ['possibleSessions'])
})

t.test('counts must be whole numbers ≥ 0', async (t) => {
  t.strictSame(pathsOf(withFields(attendance, { unauthorisedAbsences: -1, attendedSessions: 19 })), ['unauthorisedAbsences'])
  t.strictSame(pathsOf(withFields(attendance, { authorisedAbsences: 1.5 })), ['authorisedAbsences'])
  t.strictSame(pathsOf(withFields(attendance, { authorisedAbsences: '2' })), ['authorisedAbsences'])
  t.strictSame(pathsOf(withFields(attendance, { possibleSessions: 0, attendedSessions: 0, authorisedAbsences: 0, unauthorisedAbsences: 0 })), [])
})

t.test('periodEnd is an event date: on or after periodStart, not after recordedAt', async (t) => {
  t.strictSame(pathsOf(withFields(attendance, { periodEnd: '2024-02-18' })), ['periodEnd'])
  t.strictSame(pathsOf(withFields(attendance, { periodEnd: '2024-03-04' })), ['periodEnd'])
})

t.test('schoolUrn is six digits', async (t) => {
  for (const urn of ['10001', '1000011', 'A00001', 100001]) t.strictSame(pathsOf(withFields(attendance, { schoolUrn: urn })), ['schoolUrn'], String(urn))
})

t.test('all errors are collected', async (t) => {
  t.strictSame(pathsOf(withFields(attendance, { schoolUrn: 'x', periodEnd: '2024-02-01', possibleSessions: 99, extra: true })), [
    'schoolUrn',
    'extra',
    'periodEnd',
    'possibleSessions',
  ])
})

t.test('a withdrawal checks the sum only when all four counts are present', async (t) => {
  t.strictSame(pathsOf(withdrawalOf(attendance, { possibleSessions: 5, attendedSessions: 1 })), [])
  t.strictSame(
    pathsOf(withdrawalOf(attendance, { possibleSessions: 5, attendedSessions: 1, authorisedAbsences: 1, unauthorisedAbsences: 1 })),
    ['possibleSessions'],
  )
})
