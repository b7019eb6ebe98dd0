/**
 * One NDJSON line as JSON, with the limits of SPEC §2: at most 64 KiB of
 * UTF-8, measured before any parsing, and nesting no deeper than a fact
 * needs (a fact is three levels deep; eight leaves room without inviting
 * abuse).
 */
import { formatPath } from './field-path'
import { parseJson, type JsonProblem } from './json-parser'
import { WHOLE_LINE, type FieldError } from './line-error'
import { utf8ByteLength } from './utf8-length'

export const MAX_LINE_BYTES = 65_536
export const MAX_DEPTH = 8

export type JsonLine =
  | { readonly _tag: 'Malformed'; readonly error: FieldError }
  | { readonly _tag: 'Parsed'; readonly value: unknown; readonly problems: readonly FieldError[] }

export const fieldErrorOf = (p: JsonProblem): FieldError => ({ path: formatPath(p.path), expected: p.expected })

export const LINE_TOO_LONG: FieldError = {
  path: WHOLE_LINE,
  expected: `a line of at most 64 KiB (${MAX_LINE_BYTES} bytes of UTF-8)`,
}

export const parseJsonLine = (text: string): JsonLine => {
  if (utf8ByteLength(text, MAX_LINE_BYTES) > MAX_LINE_BYTES) return { _tag: 'Malformed', error: LINE_TOO_LONG }
  const parsed = parseJson(text, MAX_DEPTH)
  return parsed._tag === 'Malformed'
    ? { _tag: 'Malformed', error: fieldErrorOf(parsed.problem) }
    : { _tag: 'Parsed', value: parsed.value, problems: parsed.problems.map(fieldErrorOf) }
}
