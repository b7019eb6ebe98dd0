import t from 'tap'
import { ASSESSMENT_FACTOR_CODES } from '../../../../engine/facts/codecs/codes'
import { decoded, EXAMPLES, pathsOf, withFields } from './examples'

const factor = EXAMPLES.assessment_factor

t.test('a valid assessment factor decodes, for every code of DOMAIN.md §6', async (t) => {
  t.strictSame(decoded(factor), factor)
  for (const code of ASSESSMENT_FACTOR_CODES) t.strictSame(pathsOf(withFields(factor, { code })), [], code)
  t.equal(ASSESSMENT_FACTOR_CODES.length, 42)
})

t.test('8A and other non-codes are refused', async (t) => {
  for (const code of ['8A', '10B', '3b', '24', '0A', 3]) t.strictSame(pathsOf(withFields(factor, { code })), ['code'], String(code))
})

t.test('all errors are collected', async (t) => {
  t.strictSame(pathsOf(withFields(factor, { code: '8A', identifiedOn: '2024-03-02' })), ['code', 'identifiedOn'])
})
