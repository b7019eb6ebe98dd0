import t from 'tap'
import fc from 'fast-check'
import * as E from 'fp-ts/Either'
import { createBatchDecoder, decodeBatch, isBlankLine } from '../../../engine/batch/decode-batch'
import { formatLineError } from '../../../engine/batch/line-error'
import { FACT_KINDS } from '../../../engine/facts/fact'
import { EXAMPLES, withFields } from '../facts/codecs/examples'

const valid = FACT_KINDS.map((k) => JSON.stringify(EXAMPLES[k]))

t.test('line numbers count from 1, blank lines skipped but counted', async (t) => {
  const lines = ['', valid[0] ?? '', '   ', '\t\r', valid[1] ?? '', '']
  const r = decodeBatch(lines)
  t.strictSame(
    E.isRight(r) ? r.right.map((f) => [f.line, f.fact.kind]) : [],
    [
      [2, 'child'],
      [5, 'care_period'],
    ],
  )
})

t.test('every error of every line is returned, in line order, and no facts', async (t) => {
  const lines = [
    valid[0] ?? '',
    JSON.stringify(withFields(EXAMPLES.exclusion, { sessions: -1, reason: 'XX' })),
    '',
    '{not json',
    valid[2] ?? '',
    JSON.stringify(withFields(EXAMPLES.care_period, { end: '2020-01-01' })),
  ]
  const r = decodeBatch(lines)
  t.ok(E.isLeft(r))
  t.strictSame(E.isLeft(r) ? r.left.map(formatLineError) : [], [
    'line 2, field sessions: expected a whole number ≥ 0',
    'line 2, field reason: expected an exclusion reason code (PP, PA, VP, VA, OW, BU, RA, LG, DS, SM, DA, DB, DM, MT, PH, OT)',
    'line 4: expected a quoted key at character 2',
    'line 6, field end: expected a date on or after start, or null',
  ])
})

t.test('an empty batch and a batch of blank lines decode to no facts', async (t) => {
  t.strictSame(decodeBatch([]), E.right([]))
  t.strictSame(decodeBatch(['', ' ']), E.right([]))
})

t.test('blank means JSON whitespace only', async (t) => {
  t.ok(isBlankLine(' \t\r\n'))
  t.notOk(isBlankLine('\u00a0'))
  t.notOk(isBlankLine('\ufeff'))
})

t.test('the streaming decoder counts lines and gives the same answer as decodeBatch (property)', async (t) => {
  const lineArb = fc.oneof(fc.constantFrom(...valid), fc.constantFrom('', '  ', '{}', '[', JSON.stringify(withFields(EXAMPLES.child, { sex: 'Q' }))))
  fc.assert(
    fc.property(fc.array(lineArb, { maxLength: 20 }), (lines) => {
      const decoder = createBatchDecoder()
      lines.forEach((l) => decoder.push(l))
      return decoder.lineCount() === lines.length && JSON.stringify(decoder.result()) === JSON.stringify(decodeBatch(lines))
    }),
    { numRuns: 200 },
  )
  t.pass('property held')
})

t.test('the streaming decoder can be asked for its result at any time', async (t) => {
  const decoder = createBatchDecoder()
  decoder.push(valid[0] ?? '')
  t.equal(E.isRight(decoder.result()) ? decoder.result() && (decoder.result() as E.Right<readonly unknown[]>).right.length : -1, 1)
  decoder.push('oops')
  t.ok(E.isLeft(decoder.result()))
  decoder.push(valid[1] ?? '')
  t.strictSame(E.isLeft(decoder.result()) ? (decoder.result() as E.Left<readonly { line: number }[]>).left.map((e) => e.line) : [], [2])
})
