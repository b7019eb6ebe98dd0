import t from 'tap'
import * as E from 'fp-ts/Either'
import { createJsonArrayDecoder, decodeJsonArrayBatch, decodeJsonArrayText } from '../../../engine/batch/decode-json-array'
import { formatLineError } from '../../../engine/batch/line-error'
import { EXAMPLES, withFields } from '../facts/codecs/examples'

t.test('items are numbered from 1 like lines', async (t) => {
  const r = decodeJsonArrayBatch([EXAMPLES.child, EXAMPLES.attendance])
  t.strictSame(
    E.isRight(r) ? r.right.map((f) => f.line) : [],
    [1, 2],
  )
})

t.test('every error of every item, with the item number', async (t) => {
  const r = decodeJsonArrayBatch([EXAMPLES.child, 'not an object', withFields(EXAMPLES.ace_indicator, { category: 'x', givenName: 'x'.repeat(1_000_000) })])
  t.strictSame(E.isLeft(r) ? r.left.map(formatLineError) : [], [
    'line 2: expected a JSON object (one fact)',
    'line 3, field category: expected one of physical_abuse, emotional_abuse, sexual_abuse, physical_neglect, emotional_neglect, domestic_abuse, household_substance_misuse, household_mental_illness, parental_separation, household_incarceration',
    'line 3, field givenName: expected no field of this name (unknown fields are not allowed)',
  ])
})

t.test('a JSON array body is parsed strictly: duplicate keys are found in their item', async (t) => {
  const body = `[${JSON.stringify(EXAMPLES.child)},${JSON.stringify(EXAMPLES.care_period).replace('"end":null', '"end":null,"end":"2024-01-01"')}]`
  t.strictSame(decodeJsonArrayText(body), E.left([{ line: 2, path: 'end', expected: 'each key only once in its object' }]))
  const ok = decodeJsonArrayText(`[${JSON.stringify(EXAMPLES.child)}]`)
  t.strictSame(E.isRight(ok) ? ok.right.map((f) => f.line) : [], [1])
})

t.test('a body that is not a JSON array is one whole-body error', async (t) => {
  t.strictSame(decodeJsonArrayText(JSON.stringify(EXAMPLES.child)), E.left([{ line: 0, path: '(body)', expected: 'a JSON array of facts' }]))
  const r = decodeJsonArrayText('[{"kind":')
  t.ok(E.isLeft(r) && r.left.length === 1 && r.left[0]?.path === '(body)' && r.left[0].line === 0)
  const deep = decodeJsonArrayText(`[${'['.repeat(20)}${']'.repeat(20)}]`)
  t.ok(E.isLeft(deep) && deep.left[0]?.path === '(body)')
})

t.test('decoded a slice of items at a time, a body gives what one pass gives', async (t) => {
  const items = [EXAMPLES.child, EXAMPLES.attendance, 'not an object', EXAMPLES.attendance, { kind: 'nothing' }, EXAMPLES.child]
  for (const body of [JSON.stringify(items), JSON.stringify([EXAMPLES.child, EXAMPLES.attendance, EXAMPLES.child])]) {
    const whole = decodeJsonArrayText(body)
    for (const slice of [1, 2, 4, 100]) {
      const decoder = createJsonArrayDecoder(body)
      if (E.isLeft(decoder)) return t.fail('the body parses')
      let turns = 0
      while (decoder.right.decodeNext(slice)) turns += 1
      t.strictSame(decoder.right.result(), whole, `slices of ${slice}`)
      t.equal(turns, Math.ceil(JSON.parse(body).length / slice) - 1, `a turn between slices of ${slice}`)
    }
  }
  t.ok(E.isLeft(createJsonArrayDecoder('{"kind":"child"}')), 'a body that is not an array is refused before any item')
})
