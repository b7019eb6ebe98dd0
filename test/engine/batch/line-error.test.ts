import t from 'tap'
import { atLine, byLine, formatLineError, WHOLE_BODY, WHOLE_LINE } from '../../../engine/batch/line-error'

t.test('a field error names the line and the field', async (t) => {
  t.equal(formatLineError({ line: 3, path: 'end', expected: 'a date on or after start, or null' }), 'line 3, field end: expected a date on or after start, or null')
  t.equal(formatLineError({ line: 12, path: 'subject.upn', expected: 'a UPN' }), 'line 12, field subject.upn: expected a UPN')
})

t.test('a whole-line error names only the line', async (t) => {
  t.equal(formatLineError({ line: 7, path: WHOLE_LINE, expected: 'a JSON value at character 1' }), 'line 7: expected a JSON value at character 1')
})

t.test('a whole-body error (JSON array batches) names the body', async (t) => {
  t.equal(formatLineError({ line: 0, path: WHOLE_BODY, expected: 'a JSON array of facts' }), 'request body: expected a JSON array of facts')
})

t.test('atLine ties a field error to its line; byLine orders by line', async (t) => {
  t.strictSame(atLine(5)({ path: 'kind', expected: 'x' }), { line: 5, path: 'kind', expected: 'x' })
  const sorted = [
    { line: 3, path: 'a', expected: '' },
    { line: 1, path: 'b', expected: '' },
  ].sort(byLine)
  t.strictSame(
    sorted.map((e) => e.line),
    [1, 3],
  )
})
