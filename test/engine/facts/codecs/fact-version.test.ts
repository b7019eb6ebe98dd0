import t from 'tap'
import fc from 'fast-check'
import * as E from 'fp-ts/Either'
import { FactVersionCodec } from '../../../../engine/facts/codecs/fact-version'
import { FACT_KINDS } from '../../../../engine/facts/fact'
import { canonicalJson } from '../../../../engine/versions/canonical-json'
import { decode, decoded, EXAMPLES, errorsOf, pathsOf, withdrawalOf, withFields, without, type Json } from './examples'

const fact = EXAMPLES.assessment_factor

t.test('every kind has a valid example that decodes to itself', async (t) => {
  for (const kind of FACT_KINDS) {
    const example = EXAMPLES[kind]
    t.strictSame(decoded(example), example, kind)
    t.ok(FactVersionCodec.is(decoded(example)), `${kind}: the decoded fact "is" a FactVersion`)
  }
})

t.test('an unknown kind is reported alone: its other keys cannot be judged', async (t) => {
  t.strictSame(pathsOf(withFields(fact, { kind: 'referral', anything: 1 })), ['kind'])
  t.strictSame(pathsOf(without(fact, 'kind')), ['kind'])
})

t.test('every envelope field is required and checked', async (t) => {
  t.strictSame(pathsOf(without(fact, 'source', 'sourceId', 'subject', 'recordedAt')), ['source', 'sourceId', 'subject', 'recordedAt'])
  t.strictSame(pathsOf(withFields(fact, { source: '', sourceId: 'x'.repeat(65), recordedAt: '2024-03-01' })), ['source', 'sourceId', 'recordedAt'])
  t.strictSame(pathsOf(withFields(fact, { withdrawn: 'yes' })), ['withdrawn'])
})

t.test('withdrawn: false is an ordinary fact, decoded without the key', async (t) => {
  const explicit = decoded(withFields(fact, { withdrawn: false }))
  t.notOk('withdrawn' in explicit)
  t.equal(canonicalJson(explicit), canonicalJson(decoded(fact)))
  // …so it still needs its fields.
  t.strictSame(pathsOf(withFields(without(fact, 'code'), { withdrawn: false })), ['code'])
})

t.test('a withdrawal needs the envelope and the kind; other fields are optional but checked', async (t) => {
  const w = withdrawalOf(fact)
  t.strictSame(decoded(w), w)
  t.strictSame(pathsOf(without(w, 'source')), ['source'])
  t.strictSame(pathsOf(without(w, 'kind')), ['kind'])
  t.strictSame(pathsOf(withdrawalOf(fact, { code: '8A' })), ['code'])
  t.strictSame(pathsOf(withdrawalOf(fact, { reason: 'typo' })), ['reason'])
})

t.test('unknown fields are errors, each at its own path', async (t) => {
  t.strictSame(pathsOf(withFields(fact, { Code: '3B', note: 'x' })), ['Code', 'note'])
  t.match(errorsOf(withFields(fact, { note: 'x' }))[0]?.expected, /unknown fields are not allowed/)
})

t.test('__proto__ and constructor keys are errors, and pollute nothing', async (t) => {
  const line = JSON.stringify(fact).replace(/}$/, ',"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}')
  const r = decode(JSON.parse(line))
  t.ok(E.isLeft(r))
  t.strictSame(pathsOf(JSON.parse(line)), ['__proto__', 'constructor'])
  t.match(errorsOf(JSON.parse(line))[0]?.expected, /no __proto__, constructor or prototype key/)
  t.equal(({} as Record<string, unknown>)['polluted'], undefined)
})

t.test('a line that is not an object is a whole-line error', async (t) => {
  for (const bad of [[], null, 'fact', 3, [fact]]) t.strictSame(pathsOf(bad), ['(line)'], JSON.stringify(bad).slice(0, 20))
})

t.test('the decoded fact is a fresh plain object holding only known fields', async (t) => {
  const input = JSON.parse(JSON.stringify(fact)) as Json
  const out = decoded(input)
  t.not(out, input)
  t.equal(Object.getPrototypeOf(out), Object.prototype)
  t.strictSame(Object.keys(out), ['kind', 'source', 'sourceId', 'subject', 'recordedAt', 'code', 'identifiedOn'])
})

t.test('is() holds only for already-normalised facts; encode is the identity', async (t) => {
  t.notOk(FactVersionCodec.is(withFields(EXAMPLES.child, { upn: (EXAMPLES.child['upn'] as string).toLowerCase() })))
  t.notOk(FactVersionCodec.is({ ...fact, extra: 1 }))
  const d = decoded(fact)
  t.equal(FactVersionCodec.encode(d), d)
})

t.test('mutating a valid fact never throws, and whatever decodes re-decodes to itself (property)', async (t) => {
  const kinds = fc.constantFrom(...FACT_KINDS)
  const keys = fc.constantFrom('kind', 'subject', 'recordedAt', 'start', 'end', 'sessions', 'possibleSessions', 'upn', 'returnInterview', 'withdrawn', 'code', 'x')
  fc.assert(
    fc.property(kinds, keys, fc.jsonValue({ maxDepth: 3 }), (kind, key, value) => {
      const mutated = withFields(EXAMPLES[kind], { [key]: value })
      const r = FactVersionCodec.decode(JSON.parse(JSON.stringify(mutated)))
      if (E.isLeft(r)) return r.left.length > 0
      const again = FactVersionCodec.decode(JSON.parse(JSON.stringify(r.right)))
      return E.isRight(again) && canonicalJson(again.right) === canonicalJson(r.right)
    }),
    { numRuns: 500 },
  )
  t.pass('property held')
})
