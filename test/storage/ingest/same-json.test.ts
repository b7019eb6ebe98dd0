import fc from 'fast-check'
import t from 'tap'
import { canonicalJson } from '../../../engine/versions/canonical-json'
import { sameJson } from '../../../storage/ingest/same-json'

const shuffledKeys = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(shuffledKeys)
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, shuffledKeys(v)]))
}

t.test('law: equal exactly when the canonical JSON is equal', async (t) => {
  fc.assert(
    fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => sameJson(a, b) === (canonicalJson(a) === canonicalJson(b))),
    { numRuns: 500 },
  )
})

t.test('key order does not matter; undefined keys are ignored', async (t) => {
  fc.assert(fc.property(fc.jsonValue(), (a) => sameJson(a, shuffledKeys(a))))
  t.ok(sameJson({ a: 1, b: undefined }, { a: 1 }))
  t.notOk(sameJson({ a: 1 }, { a: 1, b: null }))
  t.notOk(sameJson([1, 2], { 0: 1, 1: 2 }))
})
