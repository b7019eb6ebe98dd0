import t from 'tap'
import fc from 'fast-check'
import { isDeepStrictEqual } from 'node:util'
import { canonicalJson } from '../../../engine/versions/canonical-json'

t.test('object keys are sorted at every level, arrays keep their order, no whitespace', async (t) => {
  t.equal(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } }), '{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}')
  t.equal(canonicalJson([2, 1]), '[2,1]')
})

t.test('keys sort by UTF-16 code unit, not by code point or locale', async (t) => {
  // U+1F600 is \ud83d\ude00: its first unit sorts before U+FFFF, though its code point is greater.
  t.equal(canonicalJson({ '\uffff': 1, '\ud83d\ude00': 2 }), '{"\ud83d\ude00":2,"\uffff":1}')
  t.equal(canonicalJson({ b: 1, B: 2, a: 3, é: 4 }), '{"B":2,"a":3,"b":1,"é":4}')
})

t.test('primitives are written as JSON.stringify writes them; undefined members are dropped', async (t) => {
  for (const v of ['x\n"', 1.5, -0, true, null]) t.equal(canonicalJson(v), JSON.stringify(v))
  t.equal(canonicalJson({ a: undefined, b: 1 }), '{"b":1}')
  t.equal(canonicalJson(undefined), 'null')
})

const shuffleKeys = (v: unknown, seed: number): unknown => {
  if (Array.isArray(v)) return v.map((x, i) => shuffleKeys(x, seed + i))
  if (v === null || typeof v !== 'object') return v
  const entries = Object.entries(v as Record<string, unknown>)
  const rotated = entries.length === 0 ? entries : [...entries.slice(seed % entries.length), ...entries.slice(0, seed % entries.length)].reverse()
  return Object.fromEntries(rotated.map(([k, x]) => [k, shuffleKeys(x, seed + 1)]))
}

t.test('key order of the input does not matter (property)', async (t) => {
  fc.assert(fc.property(fc.jsonValue(), fc.nat(), (v, seed) => canonicalJson(shuffleKeys(v, seed)) === canonicalJson(v)))
  t.pass('property held')
})

t.test('canonical JSON parses back to the same value, and is a fixed point (property)', async (t) => {
  fc.assert(fc.property(fc.jsonValue(), (v) => isDeepStrictEqual(JSON.parse(canonicalJson(v)), JSON.parse(JSON.stringify(v)))))
  fc.assert(fc.property(fc.jsonValue(), (v) => canonicalJson(JSON.parse(canonicalJson(v))) === canonicalJson(v)))
  t.pass('properties held')
})
