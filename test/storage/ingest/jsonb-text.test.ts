/**
 * `jsonbText` must write exactly what the server's jsonb prints: the
 * version hash is md5 of that text, and versions stored while the column was
 * jsonb have it. Checked against the database itself, many values a query.
 */
import fc from 'fast-check'
import { sql } from 'kysely'
import t from 'tap'
import { jsonbText, numericText } from '../../../storage/ingest/jsonb-text'
import { openTestDatabase } from '../../helpers/database'

/** Text jsonb accepts: no NUL (`\u0000` is refused) and no unpaired surrogates. */
const UNPAIRED_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/
const textJsonbTakes = fc.string({ unit: 'binary', maxLength: 12 }).filter((s) => !s.includes('\u0000') && !UNPAIRED_SURROGATE.test(s))
const keyText = fc.oneof(fc.constantFrom('a', 'b', 'aa', 'kind', 'source', 'é', 'z', 'ab', '\u{1F600}', '\uFFFD'), textJsonbTakes)

const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.constantFrom(1e21, 1.5e-7, 1e-7, 5e-324, 1.7976931348623157e308, -2.5e25, 123456789012345680000),
    textJsonbTakes,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(keyText, tie('value'), { maxKeys: 5 }),
  ),
})).value

/** The server's text for each value, in one query. */
const serverTexts = async (db: Awaited<ReturnType<typeof openTestDatabase>>, values: readonly unknown[]): Promise<string[]> => {
  const { rows } = await sql<{ text: string }>`
    SELECT j.value::text::jsonb::text AS text
    FROM json_array_elements(${JSON.stringify(values)}::json) WITH ORDINALITY AS j(value, n) ORDER BY j.n
  `.execute(db)
  return rows.map((r) => r.text)
}

t.test('jsonbText is the text jsonb prints, for any JSON value', async (t) => {
  const db = await openTestDatabase(t)
  await fc.assert(
    fc.asyncProperty(fc.array(jsonValue, { minLength: 1, maxLength: 40 }), async (values) => {
      t.same(values.map(jsonbText), await serverTexts(db, values))
    }),
    { numRuns: 60 },
  )
})

t.test('a decoded fact’s shape, as the ingest writes it', async (t) => {
  const db = await openTestDatabase(t)
  const fact = {
    kind: 'missing_episode',
    source: 'police',
    sourceId: 'M\\1 "quoted"',
    subject: { upn: 'A123456789012', childId: undefined },
    recordedAt: '2024-05-02T09:00:00Z',
    start: '2024-04-30T10:00:00Z',
    sessions: 12,
    withdrawn: false,
  }
  const text = jsonbText(fact)
  t.equal(text, (await serverTexts(db, [fact]))[0])
  t.equal(
    text,
    '{"kind": "missing_episode", "start": "2024-04-30T10:00:00Z", "source": "police", "subject": {"upn": "A123456789012"}, ' +
      '"sessions": 12, "sourceId": "M\\\\1 \\"quoted\\"", "withdrawn": false, "recordedAt": "2024-05-02T09:00:00Z"}',
    'keys by length then bytes; members holding undefined left out',
  )
  t.equal(jsonbText(fact), text, 'the same text again (the sorted keys of a shape are kept)')
})

t.test('numbers are written out as numeric prints them', async (t) => {
  t.equal(numericText(1e21), '1000000000000000000000')
  t.equal(numericText(1.5e-7), '0.00000015')
  t.equal(numericText(-2.5e25), '-25000000000000000000000000')
  t.equal(numericText(-0), '0')
  t.equal(numericText(0.1), '0.1')
  t.throws(() => jsonbText(Number.NaN), RangeError)
  t.throws(() => jsonbText(() => 1), TypeError)
})
