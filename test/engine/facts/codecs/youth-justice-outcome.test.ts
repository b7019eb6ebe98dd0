import t from 'tap'
import { YOUTH_JUSTICE_OUTCOMES } from '../../../../engine/facts/fact'
import { decoded, EXAMPLES, pathsOf, withFields } from './examples'

const outcome = EXAMPLES.youth_justice_outcome

t.test('a valid outcome decodes, for every outcome of SPEC §2', async (t) => {
  t.strictSame(decoded(outcome), outcome)
  for (const o of YOUTH_JUSTICE_OUTCOMES) t.strictSame(pathsOf(withFields(outcome, { outcome: o })), [], o)
})

t.test('offenceCategory is free text of at most 200 characters, NFC-normalised', async (t) => {
  t.strictSame(pathsOf(withFields(outcome, { offenceCategory: 'x'.repeat(200) })), [])
  t.strictSame(pathsOf(withFields(outcome, { offenceCategory: 'x'.repeat(201) })), ['offenceCategory'])
  t.strictSame(pathsOf(withFields(outcome, { offenceCategory: '   ' })), ['offenceCategory'])
  const fact = decoded(withFields(outcome, { offenceCategory: 'cafe\u0301' })) as Record<string, unknown>
  t.equal(fact['offenceCategory'], 'caf\u00e9')
})

t.test('all errors are collected', async (t) => {
  t.strictSame(pathsOf(withFields(outcome, { outcome: 'caution', occurredOn: '2024-03-02', offenceCategory: 'a\u202eb' })), [
    'outcome',
    'offenceCategory',
    'occurredOn',
  ])
})
