/** Counting a JSON array's items without parsing it: the same count the parser gives, for any JSON value. */
import t from 'tap'
import fc from 'fast-check'
import { jsonArrayItems } from '../../../api/http/json-array-items'

t.test('the count of a parsed array, for arrays of any JSON values, however spaced', async (t) => {
  const seed = Date.now() % 2_147_483_647
  t.comment(`fast-check seed ${seed}`)
  fc.assert(
    fc.property(fc.array(fc.jsonValue()), fc.constantFrom(0, 2), (items, indent) => {
      const text = JSON.stringify(items, null, indent)
      return jsonArrayItems(text) === (JSON.parse(text) as unknown[]).length
    }),
    { seed, numRuns: 300 },
  )
})

t.test('strings with brackets, commas, quotes and escapes do not count', async (t) => {
  t.equal(jsonArrayItems('["a,b", "[x]", "\\"", "\\\\", {"k": [1, 2, 3]}]'), 5)
  t.equal(jsonArrayItems(' \n[ ] '), 0, 'an empty array')
  t.equal(jsonArrayItems('[0]'), 1)
})

t.test('text that is not an array counts 0', async (t) => {
  for (const text of ['', '{"a": [1, 2]}', '"[1,2]"', '42', 'null', 'x[1,2]']) t.equal(jsonArrayItems(text), 0, JSON.stringify(text))
})
