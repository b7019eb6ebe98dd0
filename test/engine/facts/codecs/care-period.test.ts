import t from 'tap'
import { decoded, EXAMPLES, errorsOf, pathsOf, withdrawalOf, withFields, without } from './examples'

const period = EXAMPLES.care_period

t.test('a valid care period decodes, open (end null) or closed', async (t) => {
  t.strictSame(decoded(period), period)
  const closed = withFields(period, { end: '2024-02-01' })
  t.strictSame(decoded(closed), closed)
})

t.test('the subject identifier is normalised in the decoded fact', async (t) => {
  t.strictSame((decoded(withFields(period, { subject: { socialCareId: 'sc/ 0001' } })) as { subject: unknown }).subject, {
    socialCareId: 'SC/0001',
  })
})

t.test('a planned end may lie after recordedAt; the start may not', async (t) => {
  t.strictSame(pathsOf(withFields(period, { end: '2025-12-31' })), [])
  t.strictSame(pathsOf(withFields(period, { start: '2024-03-02' })), ['start'])
})

t.test('end must be on or after start; the same day is fine', async (t) => {
  t.strictSame(pathsOf(withFields(period, { end: '2023-09-01' })), [])
  const errors = errorsOf(withFields(period, { end: '2023-08-31' }))
  t.strictSame(
    errors.map((e) => e.path),
    ['end'],
  )
  t.equal(errors[0]?.expected, 'a date on or after start, or null')
})

t.test('end must be present, null while open', async (t) => {
  t.strictSame(pathsOf(without(period, 'end')), ['end'])
})

t.test('legalStatus must be an SSDA903 code', async (t) => {
  for (const code of ['C1', 'C2', 'D1', 'E1', 'J1', 'J2', 'J3', 'L1', 'L2', 'L3', 'V2', 'V3', 'V4']) {
    t.strictSame(pathsOf(withFields(period, { legalStatus: code })), [], code)
  }
  for (const code of ['V1', 'c2', 'C 2', '', 'S1']) t.strictSame(pathsOf(withFields(period, { legalStatus: code })), ['legalStatus'], code)
})

t.test('all errors are collected', async (t) => {
  t.strictSame(pathsOf(withFields(period, { start: '2023-02-29', end: 'open', legalStatus: 'X1', note: 1 })), [
    'start',
    'end',
    'legalStatus',
    'note',
  ])
})

t.test('a withdrawal checks the dates it carries, cross-checking only when both are there', async (t) => {
  t.strictSame(pathsOf(withdrawalOf(period, { end: '2020-01-01' })), [])
  t.strictSame(pathsOf(withdrawalOf(period, { start: '2023-09-01', end: '2020-01-01' })), ['end'])
  t.strictSame(pathsOf(withdrawalOf(period, { start: '2030-01-01' })), ['start'])
})
