import t from 'tap'
import { decoded, EXAMPLES, pathsOf, withFields, without } from './examples'

const contact = EXAMPLES.domestic_abuse_contact

t.test('a valid contact decodes, with or without a risk level', async (t) => {
  t.strictSame(decoded(contact), contact)
  t.strictSame(decoded(without(contact, 'riskLevel')), without(contact, 'riskLevel'))
})

t.test('each enumeration is checked', async (t) => {
  t.strictSame(pathsOf(withFields(contact, { channel: 'phone' })), ['channel'])
  t.strictSame(pathsOf(withFields(contact, { childRole: 'perpetrator' })), ['childRole'])
  t.strictSame(pathsOf(withFields(contact, { riskLevel: 'HIGH' })), ['riskLevel'])
  t.strictSame(pathsOf(withFields(contact, { riskLevel: null })), ['riskLevel'])
})

t.test('occurredOn is not after recordedAt; all errors are collected', async (t) => {
  t.strictSame(pathsOf(withFields(contact, { occurredOn: '2024-03-02' })), ['occurredOn'])
  t.strictSame(pathsOf(withFields(contact, { channel: 'x', childRole: 'y', occurredOn: '2099-01-01' })), ['channel', 'childRole', 'occurredOn'])
})
