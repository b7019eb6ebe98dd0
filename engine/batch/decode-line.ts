/**
 * One line of a batch to one fact version, or every error of that line.
 */
import * as E from 'fp-ts/Either'
import type { FactVersion } from '../facts/fact'
import { FactVersionCodec } from '../facts/codecs/fact-version'
import { atLine, type FieldError, type LineError } from './line-error'
import { parseJsonLine } from './parse-json-line'
import { fieldErrorsOf } from './report-errors'

/**
 * Decodes an already parsed JSON value (an NDJSON line, or an item of a JSON
 * array). `earlier` are problems the parser found in it (duplicate keys),
 * reported first and alongside the codec's own.
 */
export const decodeFactValue = (
  value: unknown,
  line: number,
  earlier: readonly FieldError[] = [],
): E.Either<readonly LineError[], FactVersion> => {
  const decoded = FactVersionCodec.decode(value)
  if (E.isLeft(decoded) || earlier.length > 0) {
    return E.left([...earlier, ...(E.isLeft(decoded) ? fieldErrorsOf(decoded.left) : [])].map(atLine(line)))
  }
  return E.right(decoded.right)
}

export const decodeFactLine = (text: string, line: number): E.Either<readonly LineError[], FactVersion> => {
  const parsed = parseJsonLine(text)
  return parsed._tag === 'Malformed'
    ? E.left([atLine(line)(parsed.error)])
    : decodeFactValue(parsed.value, line, parsed.problems)
}
