import t from 'tap'
import { decoded, EXAMPLES, pathsOf, withFields, without } from './examples'

const intel = EXAMPLES.drug_intelligence

t.test('valid intelligence decodes, with or without a grading', async (t) => {
  t.strictSame(decoded(intel), intel)
  t.strictSame(decoded(without(intel, 'grading')), without(intel, 'grading'))
})

t.test('grading is R, U or N, a slash, then A to E', async (t) => {
  for (const g of ['R/A', 'U/C', 'N/E']) t.strictSame(pathsOf(withFields(intel, { grading: g })), [], g)
  for (const g of ['r/b', 'R/F', 'RB', 'X/B', 'R/B/P', '1/B']) t.strictSame(pathsOf(withFields(intel, { grading: g })), ['grading'], g)
})

t.test('handlingCode is P or C, and required', async (t) => {
  t.strictSame(pathsOf(withFields(intel, { handlingCode: 'P' })), [])
  t.strictSame(pathsOf(withFields(intel, { handlingCode: 'X' })), ['handlingCode'])
  t.strictSame(pathsOf(without(intel, 'handlingCode')), ['handlingCode'])
})

t.test('all errors are collected', async (t) => {
  t.strictSame(pathsOf(withFields(intel, { reportedOn: '2024-03-05', category: 'dealing', grading: '', handlingCode: 2 })), [
    'category',
    'grading',
    'handlingCode',
    'reportedOn',
  ])
})
