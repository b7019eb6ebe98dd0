/**
 * RELIABILITY.md I2: targeted mutations of valid facts. Each class is refused
 * with the line number, the field path and what was expected, and no error
 * repeats the value that was sent.
 */
import t from 'tap'
import fc from 'fast-check'
import * as E from 'fp-ts/Either'
import { decodeFactLine } from '../../../engine/batch/decode-line'
import { EXAMPLES, NHS_NUMBER, UPN, withFields, without, type Json } from '../facts/codecs/examples'

const LINE = 42
const child = withFields(EXAMPLES.child, { givenName: 'Canaryname' })
const exclusion = EXAMPLES.exclusion
const attendance = EXAMPLES.attendance

const line = (o: Json): string => JSON.stringify(o)

/** Replaces the JSON text of one field's value, for mutations JSON.stringify cannot produce. */
const withRaw = (o: Json, key: string, raw: string): string => {
  const text = line(o)
  const from = `"${key}":${JSON.stringify(o[key])}`
  if (!text.includes(from)) throw new Error(`no ${key} in example`)
  return text.replace(from, `"${key}":${raw}`)
}

const checkDigitOffByOne = NHS_NUMBER.slice(0, 9) + String((Number(NHS_NUMBER[9]) + 1) % 10)
const checkLetterOffByOne = (UPN[0] === 'Z' ? 'A' : 'ABCDEFGHJKLMNPQRTUVWXYZ'['ABCDEFGHJKLMNPQRTUVWXYZ'.indexOf(UPN[0] ?? 'A') + 1]) + UPN.slice(1)

const mutations: readonly (readonly [string, string, readonly string[], string?])[] = [
  ['impossible date 2024-02-30', line(withFields(child, { dateOfBirth: '2024-02-30' })), ['dateOfBirth']],
  ['month 13', line(withFields(child, { dateOfBirth: '2024-13-01' })), ['dateOfBirth']],
  ['year 0000', line(withFields(child, { dateOfBirth: '0000-01-01' })), ['dateOfBirth']],
  ['year 10000', line(withFields(child, { dateOfBirth: '10000-01-01' })), ['dateOfBirth']],
  ['date of birth after recordedAt', line(withFields(child, { dateOfBirth: '2024-03-02' })), ['dateOfBirth']],
  ['event date after recordedAt', line(withFields(exclusion, { start: '2024-03-02' })), ['start']],
  ['end before start', line(withFields(EXAMPLES.care_period, { end: '2023-08-31' })), ['end']],
  ['negative sessions', line(withFields(exclusion, { sessions: -1 })), ['sessions']],
  ['sessions over the total', line(withFields(attendance, { attendedSessions: 30 })), ['possibleSessions']],
  ['absences over the possible sessions of the period', line(withFields(attendance, { possibleSessions: 40, attendedSessions: 36 })), ['possibleSessions']],
  ['UPN check letter off by one', line(withFields(child, { upn: checkLetterOffByOne })), ['upn']],
  ['NHS check digit off by one', line(withFields(child, { nhsNumber: checkDigitOffByOne })), ['nhsNumber']],
  ['NUL', line(withFields(child, { givenName: 'Canary\u0000name' })), ['givenName']],
  ['lone surrogate', line(child).replace('"Canaryname"', '"Canary\\ud800name"'), ['givenName']],
  ['right-to-left override U+202E', line(withFields(child, { givenName: 'Canary\u202ename' })), ['givenName']],
  ['1 MB string', line(withFields(child, { givenName: 'Canaryname'.repeat(100_000) })), ['(line)']],
  ['1e309', withRaw(exclusion, 'sessions', '1e309'), ['sessions']],
  ['2^53 + 1', withRaw(exclusion, 'sessions', '9007199254740993'), ['sessions']],
  ['-0', withRaw(exclusion, 'sessions', '-0'), ['sessions']],
  ['a fraction that rounds to a whole number', withRaw(exclusion, 'sessions', '3.99999999999999999'), ['sessions']],
  ['duplicate key', line(child).replace('"sex":"F"', '"sex":"F","sex":"M"'), ['sex']],
  ['duplicate key inside the subject', line(child).replace('{"childId":"C0000001"}', '{"childId":"C0000001","childId":"C0000002"}'), ['subject.childId']],
  ['__proto__', line(child).replace(/}$/, ',"__proto__":{"isAdmin":true}}'), ['__proto__']],
  ['constructor.prototype', line(child).replace(/}$/, ',"constructor":{"prototype":{"isAdmin":true}}}'), ['constructor']],
  ['nested __proto__', line(child).replace('{"childId":"C0000001"}', '{"childId":"C0000001","__proto__":{"x":1}}'), ['subject.__proto__']],
  ['deep nesting', line(child).replace(/}$/, `,"x":${'['.repeat(1000)}${']'.repeat(1000)}}`), ['(line)']],
]

t.test('every mutation class is refused at its path, on its line, without echoing the value', async (t) => {
  for (const [name, text, paths] of mutations) {
    const r = decodeFactLine(text, LINE)
    if (E.isRight(r)) {
      t.fail(`${name}: accepted`)
      continue
    }
    t.strictSame(
      r.left.map((e) => e.path),
      paths,
      name,
    )
    t.ok(
      r.left.every((e) => e.line === LINE && e.expected.length > 0),
      `${name}: line number and expectation`,
    )
    t.notMatch(JSON.stringify(r.left), /Canary|2024-02-30|9007199254740993|isAdmin/, `${name}: no value echoed`)
  }
  t.equal(({} as Record<string, unknown>)['isAdmin'], undefined, 'nothing polluted')
})

t.test('an NFD name is accepted and stored NFC', async (t) => {
  const r = decodeFactLine(line(withFields(child, { givenName: 'Zoe\u0301' })), LINE)
  t.equal(E.isRight(r) ? (r.right as Record<string, unknown>)['givenName'] : undefined, 'Zo\u00e9')
})

t.test('JSON syntax errors are whole-line errors with a position', async (t) => {
  t.strictSame(decodeFactLine('{"kind":"child",}', 3), E.left([{ line: 3, path: '(line)', expected: "a quoted key at character 17" }]))
})

t.test('parser problems and codec errors of one line are reported together', async (t) => {
  // familyName twice (the second in place of locality), and a bad sex.
  const text = line(withFields(without(child, 'familyName'), { sex: 'Q' })).replace('"locality"', '"familyName":"A","familyName"')
  const r = decodeFactLine(text, 1)
  t.strictSame(E.isLeft(r) ? r.left.map((e) => e.path) : [], ['familyName', 'sex', 'locality'])
})

t.test('a valid line decodes to its fact', async (t) => {
  t.strictSame(decodeFactLine(` ${line(EXAMPLES.missing_episode)}\r`, 1), E.right(EXAMPLES.missing_episode))
})

t.test('arbitrary text never throws and is never accepted without being a fact (property)', async (t) => {
  fc.assert(
    fc.property(fc.oneof(fc.string(), fc.json(), fc.jsonValue().map((v) => JSON.stringify({ ...EXAMPLES.child, extra: v }))), (text) => {
      const r = decodeFactLine(text, 9)
      return E.isLeft(r) ? r.left.length > 0 && r.left.every((e) => e.line === 9 && e.path !== '' && e.expected !== '') : typeof r.right.kind === 'string'
    }),
    { numRuns: 1000 },
  )
  t.pass('property held')
})

t.test('a decoded fact lists the envelope, then withdrawn, then its kind fields, whatever order the line sent them in', async (t) => {
  const reversed = (o: Json): string => line(Object.fromEntries(Object.entries(o).reverse()))
  const fact = decodeFactLine(reversed(EXAMPLES.exclusion), 1)
  const envelope = ['kind', 'source', 'sourceId', 'subject', 'recordedAt']
  t.strictSame(E.isRight(fact) ? Object.keys(fact.right).slice(0, 5) : [], envelope)
  const withdrawal = decodeFactLine(reversed({ ...EXAMPLES.exclusion, withdrawn: true }), 1)
  t.strictSame(E.isRight(withdrawal) ? Object.keys(withdrawal.right).slice(0, 6) : [], [...envelope, 'withdrawn'])
  // Same content whatever the order: the stored JSON and its hash do not depend on how a line was written.
  t.equal(E.isRight(fact) ? JSON.stringify(fact.right) : '', JSON.stringify(E.getOrElseW(() => undefined)(decodeFactLine(line(EXAMPLES.exclusion), 1))))
})

t.test('a field that fails inside a valid object is reported at its full path', async (t) => {
  // The subject decodes its fields with a context of its own: the path must still lead from the fact.
  const r = decodeFactLine(line(withFields(attendance, { subject: { upn: 'not a upn' } })), 3)
  t.strictSame(E.isLeft(r) ? r.left.map((e) => [e.line, e.path]) : [], [[3, 'subject.upn']])
})
