import t from 'tap'
import fc from 'fast-check'
import { parseJson, type JsonParse } from '../../../engine/batch/json-parser'

const parse = (s: string, depth = 8): JsonParse => parseJson(s, depth)

const valueOf = (s: string): unknown => {
  const r = parse(s)
  if (r._tag !== 'Parsed') throw new Error(`malformed: ${r.problem.expected}`)
  return r.value
}

const malformed = (s: string, depth = 8): string | undefined => {
  const r = parse(s, depth)
  return r._tag === 'Malformed' ? r.problem.expected : undefined
}

t.test('parses every JSON type', async (t) => {
  t.strictSame(valueOf(' {"a": [1, -2.5e3, true, false, null, "x\\u00e9\\n\\"\\/"], "b": {}} '), {
    a: [1, -2500, true, false, null, 'x\u00e9\n"/'],
    b: {},
  })
  t.strictSame(valueOf('[]'), [])
  t.equal(valueOf('"\\ud83d\\ude00"'), '\ud83d\ude00')
  t.equal(valueOf('"\\ud800"'), '\ud800', 'a lone surrogate escape is valid JSON; the codecs refuse it')
  t.equal(valueOf('0'), 0)
  t.ok(Object.is(valueOf('-0'), -0), '-0 reaches the codecs as -0')
  t.equal(valueOf('1e309'), Infinity, '1e309 reaches the codecs as Infinity')
})

t.test('agrees with JSON.parse on JSON without duplicate keys (property)', async (t) => {
  fc.assert(
    fc.property(fc.jsonValue({ maxDepth: 6 }), fc.boolean(), (v, pretty) => {
      const text = pretty ? JSON.stringify(v, null, 2) : JSON.stringify(v)
      const r = parse(text)
      return r._tag === 'Parsed' && r.problems.length === 0 && JSON.stringify(r.value) === JSON.stringify(JSON.parse(text))
    }),
  )
  t.pass('property held')
})

t.test('refuses what JSON.parse refuses, and never throws (property)', async (t) => {
  const jsonish = fc.string({ unit: fc.constantFrom(...'{}[],:"\\ 0123456789-+.eEtrufalsn\t\n\u0000\u00e9') , maxLength: 30 })
  fc.assert(
    fc.property(fc.oneof(jsonish, fc.string()), (s) => {
      let throws = false
      try {
        JSON.parse(s)
      } catch {
        throws = true
      }
      const r = parse(s, 64)
      return throws === (r._tag === 'Malformed')
    }),
    { numRuns: 2000 },
  )
  t.pass('property held')
})

t.test('a duplicate key is reported at its path, and the first value is kept', async (t) => {
  const r = parse('{"kind":"child","subject":{"upn":"A","upn":"B"},"kind":"x","list":[{"a":1,"a":2}]}')
  if (r._tag !== 'Parsed') return t.fail('should parse')
  t.strictSame(
    r.problems.map((p) => p.path),
    [['subject', 'upn'], ['kind'], ['list', 0, 'a']],
  )
  t.strictSame(r.value, { kind: 'child', subject: { upn: 'A' }, list: [{ a: 1 }] })
})

t.test('__proto__ is an ordinary own key, never the prototype', async (t) => {
  const v = valueOf('{"__proto__":{"polluted":true},"a":{"__proto__":[]}}') as Record<string, unknown>
  t.equal(Object.getPrototypeOf(v), Object.prototype)
  t.ok(Object.prototype.hasOwnProperty.call(v, '__proto__'))
  t.strictSame(Object.keys(v), ['__proto__', 'a'])
  t.equal(({} as Record<string, unknown>)['polluted'], undefined)
})

t.test('nesting is bounded without recursion', async (t) => {
  t.equal(malformed('[[[[[[[[1]]]]]]]]'), undefined, '8 levels are fine')
  t.equal(malformed('[[[[[[[[[1]]]]]]]]]'), 'JSON nested no deeper than 8 levels')
  t.equal(malformed('{"a":{"b":{"c":{"d":{"e":{"f":{"g":{}}}}}}}}'), undefined, 'an empty object counts as a level: 8')
  t.equal(malformed('{"a":{"b":{"c":{"d":{"e":{"f":{"g":{"h":{}}}}}}}}}'), 'JSON nested no deeper than 8 levels')
  t.equal(malformed('['.repeat(500_000)), 'JSON nested no deeper than 8 levels')
  t.equal(malformed(`${'['.repeat(100_000)}${']'.repeat(100_000)}`, 1_000_000), undefined, 'deep but well-formed input does not overflow the stack')
})

t.test('syntax errors give a position and never quote the input', async (t) => {
  const cases = [
    '',
    '   ',
    '{"name":"CANARYNAME",}',
    "{'name':'CANARYNAME'}",
    '{name:"CANARYNAME"}',
    '{"name":"CANARYNAME"',
    '{"name":"CANARYNAME}',
    '{"name":"CANARY\nNAME"}',
    '{"name":"CANARY\\xNAME"}',
    '{"name":"CANARY\\u12G4NAME"}',
    '{"n":NaN,"name":"CANARYNAME"}',
    '{"n":Infinity}',
    '{"n":01}',
    '{"n":+1}',
    '{"n":1.}',
    '{"n":.5}',
    '{"n":-}',
    '{"n":tru}',
    '{"name":"CANARYNAME"} CANARYNAME',
    '{"name":"CANARYNAME"}{}',
    '\ufeff{"name":"CANARYNAME"}',
    '{"a" "CANARYNAME"}',
    '[1 2]',
    '{"a":1 "b":2}',
  ]
  for (const s of cases) {
    const expected = malformed(s)
    t.type(expected, 'string', JSON.stringify(s))
    t.notMatch(expected ?? '', /CANARY/, JSON.stringify(s))
  }
  t.match(malformed('{"a":1,}'), /at character 8/)
  t.match(malformed('\ufeff{}'), /byte order mark/)
})

t.test('numbers that a double would round to a whole number are flagged', async (t) => {
  const problemsOf = (s: string): number => {
    const r = parse(s)
    return r._tag === 'Parsed' ? r.problems.length : -1
  }
  t.equal(problemsOf('{"n":0.99999999999999999}'), 1)
  t.equal(problemsOf('{"n":1e-400}'), 1)
  t.equal(problemsOf('{"n":1.0}'), 0)
  t.equal(problemsOf('{"n":1.5e1}'), 0)
  t.equal(problemsOf('{"n":2.5}'), 0)
  t.equal(problemsOf('{"n":9007199254740993}'), 0, 'a whole number too big is for the codec to refuse')
})
