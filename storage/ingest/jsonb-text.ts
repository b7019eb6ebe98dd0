/**
 * A JSON value as the text PostgreSQL's `jsonb` would print it
 * (`value::jsonb::text`), written by Node. Not SPEC §2's canonical JSON
 * (engine/versions/canonical-json.ts: keys in UTF-16 order, no spaces),
 * which decides between versions; this is only how a version is stored.
 *
 * `fact_version.content` is `json`: the server keeps the text it is given
 * and hashes it as given (`md5(content::text)`, the version's key). So two
 * equal versions must arrive as the same text, and as the same text every
 * version stored before (when the column was `jsonb`) has: jsonb's. Its form:
 * - object keys ordered by their length in UTF-8 bytes, then bytewise;
 *   `{"a": 1, "bb": 2}`, a space after each colon and comma;
 * - arrays `[1, 2]`; strings escaped as `JSON.stringify` escapes them (the
 *   same set: `"`, `\`, and control characters, which facts refuse anyway);
 * - numbers as `numeric` prints them: plain digits, never an exponent.
 *
 * Writing it here rather than having the server parse every new version into
 * jsonb and print it back is most of what a COPY into `fact_version` cost
 * (bench:ingest). The equality with the server's form is a tested law
 * (test/storage/ingest/jsonb-text.test.ts), over arbitrary JSON.
 */

/** Keys in jsonb's order: shorter (in UTF-8 bytes) first, then bytewise. */
const jsonbKeyOrder = (a: string, b: string): number => {
  const la = utf8Length(a)
  const lb = utf8Length(b)
  if (la !== lb) return la - lb
  // UTF-16 code unit order is UTF-8 byte order except across surrogates (U+E000–U+FFFF vs astral).
  return ASCII.test(a) && ASCII.test(b) ? (a < b ? -1 : a > b ? 1 : 0) : Buffer.compare(Buffer.from(a), Buffer.from(b))
}

const ASCII = /^[\x00-\x7f]*$/
const utf8Length = (s: string): number => (ASCII.test(s) ? s.length : Buffer.byteLength(s, 'utf8'))

/** An object's keys as given, and as written: in jsonb's order, each with its `"key": ` ready. */
interface Shape {
  readonly keys: readonly string[]
  readonly members: readonly { readonly key: string; readonly name: string }[]
}

/** The shapes seen, by their keys joined: a fact's keys come in one of a few orders per kind. */
const shapes = new Map<string, Shape>()
const SHAPES_KEPT = 1024

const sameKeys = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((key, i) => key === b[i])

const shapeOf = (keys: readonly string[]): Shape => {
  // Two key lists can join to one text (keys holding the separator): a hit is checked.
  const id = keys.join('\n')
  const known = shapes.get(id)
  if (known !== undefined && sameKeys(known.keys, keys)) return known
  const members = [...keys].sort(jsonbKeyOrder).map((key) => ({ key, name: `${JSON.stringify(key)}: ` }))
  const shape = { keys, members }
  if (known === undefined && shapes.size < SHAPES_KEPT) shapes.set(id, shape)
  return shape
}

/**
 * A finite number as `numeric` prints the digits `JSON.stringify` wrote:
 * the same digits, with an exponent (`1e+21`, `1.5e-7`) written out.
 */
export const numericText = (n: number): string => {
  const text = JSON.stringify(n)
  const e = text.indexOf('e')
  if (e < 0) return text
  const negative = text.startsWith('-')
  const mantissa = text.slice(negative ? 1 : 0, e)
  const exponent = Number(text.slice(e + 1))
  const point = mantissa.indexOf('.')
  const digits = point < 0 ? mantissa : mantissa.slice(0, point) + mantissa.slice(point + 1)
  // Where the decimal point falls in `digits` once the exponent is applied.
  const at = (point < 0 ? mantissa.length : point) + exponent
  const plain =
    at <= 0
      ? `0.${'0'.repeat(-at)}${digits}`
      : at >= digits.length
        ? digits + '0'.repeat(at - digits.length)
        : `${digits.slice(0, at)}.${digits.slice(at)}`
  return negative ? `-${plain}` : plain
}

/**
 * `value` (what `JSON.parse` gives, or a decoded fact) as jsonb's text.
 * Object members holding `undefined` are left out, as `JSON.stringify` does.
 */
export const jsonbText = (value: unknown): string => {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value)
    case 'number':
      if (!Number.isFinite(value)) throw new RangeError('JSON has no such number')
      return numericText(value)
    case 'boolean':
      return value ? 'true' : 'false'
    case 'object': {
      if (value === null) return 'null'
      if (Array.isArray(value)) return `[${value.map((item: unknown) => jsonbText(item ?? null)).join(', ')}]`
      const record = value as Readonly<Record<string, unknown>>
      let text = ''
      for (const { key, name } of shapeOf(Object.keys(record)).members) {
        const member = record[key]
        if (member === undefined) continue
        text += text === '' ? name : `, ${name}`
        text += jsonbText(member)
      }
      return `{${text}}`
    }
    default:
      throw new TypeError(`not a JSON value: ${typeof value}`)
  }
}
