import t from 'tap'
import { MAX_LINE_BYTES, parseJsonLine } from '../../../engine/batch/parse-json-line'

/** A JSON line of exactly `bytes` UTF-8 bytes, padded with a repeated character of `width` bytes. */
const lineOf = (bytes: number, pad: string, width: number): string => {
  const frame = '{"a":""}'.length
  const count = Math.floor((bytes - frame) / width)
  const rest = bytes - frame - count * width
  return `{"a":"${pad.repeat(count)}${'x'.repeat(rest)}"}`
}

t.test('a line of exactly 64 KiB is parsed; one byte more is refused before parsing', async (t) => {
  t.equal(Buffer.byteLength(lineOf(MAX_LINE_BYTES, 'x', 1)), MAX_LINE_BYTES)
  t.equal(parseJsonLine(lineOf(MAX_LINE_BYTES, 'x', 1))._tag, 'Parsed')
  t.strictSame(parseJsonLine(lineOf(MAX_LINE_BYTES + 1, 'x', 1)), {
    _tag: 'Malformed',
    error: { path: '(line)', expected: 'a line of at most 64 KiB (65536 bytes of UTF-8)' },
  })
})

t.test('the limit counts UTF-8 bytes, not characters', async (t) => {
  const twoByte = lineOf(MAX_LINE_BYTES, 'é', 2)
  t.equal(Buffer.byteLength(twoByte), MAX_LINE_BYTES)
  t.equal(parseJsonLine(twoByte)._tag, 'Parsed')
  const over = lineOf(MAX_LINE_BYTES + 2, 'é', 2)
  t.ok(over.length < MAX_LINE_BYTES, 'fewer characters than the limit')
  t.equal(parseJsonLine(over)._tag, 'Malformed')
})

t.test('a 1 MB line is refused as too long', async (t) => {
  const r = parseJsonLine(`{"givenName":"${'x'.repeat(1_000_000)}"}`)
  t.equal(r._tag === 'Malformed' ? r.error.path : '', '(line)')
})

t.test('problems carry dotted paths', async (t) => {
  const r = parseJsonLine('{"subject":{"upn":"A","upn":"B"}}')
  t.strictSame(r._tag === 'Parsed' ? r.problems : [], [{ path: 'subject.upn', expected: 'each key only once in its object' }])
})
