import t from 'tap'
import { pathsOf, EXAMPLES, NHS_NUMBER, UPN, withFields, decoded } from './examples'

const fact = EXAMPLES.ace_indicator

t.test('each of the six subject keys is accepted alone', async (t) => {
  for (const subject of [{ childId: 'C1' }, { upn: UPN }, { nhsNumber: NHS_NUMBER }, { policeId: 'P1' }, { socialCareId: 'S1' }, { yjId: 'Y1' }]) {
    t.strictSame(pathsOf(withFields(fact, { subject })), [], JSON.stringify(subject))
  }
})

t.test('the decoded subject holds the normalised identifier', async (t) => {
  t.strictSame((decoded(withFields(fact, { subject: { upn: UPN.toLowerCase() } })) as { subject: unknown }).subject, { upn: UPN })
  t.strictSame((decoded(withFields(fact, { subject: { yjId: 'yj 1' } })) as { subject: unknown }).subject, { yjId: 'YJ1' })
})

t.test('none, two, or an unknown key are errors at their paths', async (t) => {
  t.strictSame(pathsOf(withFields(fact, { subject: {} })), ['subject'])
  t.strictSame(pathsOf(withFields(fact, { subject: { childId: 'C1', upn: UPN } })), ['subject'])
  t.strictSame(pathsOf(withFields(fact, { subject: { childId: 'C1', name: 'x' } })), ['subject.name'])
  t.strictSame(pathsOf(withFields(fact, { subject: { name: 'x' } })), ['subject', 'subject.name'])
  t.strictSame(pathsOf(withFields(fact, { subject: 'C1' })), ['subject'])
  t.strictSame(pathsOf(withFields(fact, { subject: ['C1'] })), ['subject'])
})

t.test('an invalid identifier in the subject is reported inside it', async (t) => {
  t.strictSame(pathsOf(withFields(fact, { subject: { upn: 'B000000000000' } })), ['subject.upn'])
  t.strictSame(pathsOf(withFields(fact, { subject: { nhsNumber: '9990000010' } })), ['subject.nhsNumber'])
  t.strictSame(pathsOf(withFields(fact, { subject: { childId: '' } })), ['subject.childId'])
})
