/**
 * A batch sent as a JSON array of fact objects (`POST /facts` with
 * `application/json`): item n (from 1) plays the part of line n, and each
 * item goes through the same decoder as an NDJSON line.
 */
import * as E from 'fp-ts/Either'
import { decodeFactValue } from './decode-line'
import type { BatchResult, NumberedFact } from './decode-batch'
import { formatPath } from './field-path'
import { parseJson, type JsonProblem } from './json-parser'
import { WHOLE_BODY, type FieldError, type LineError } from './line-error'
import { MAX_DEPTH } from './parse-json-line'

const bodyError = (expected: string): BatchResult => E.left([{ line: 0, path: WHOLE_BODY, expected }])

/** Decodes items already parsed (e.g. by the HTTP framework). Duplicate keys cannot be seen here: prefer `decodeJsonArrayText`. */
export const decodeJsonArrayBatch = (items: readonly unknown[], parserProblems: ReadonlyMap<number, readonly FieldError[]> = new Map()): BatchResult => {
  return decodedWhole(itemsDecoder(items, parserProblems))
}

/** Groups parser problems by the array item they are in, with paths relative to the item. */
const problemsByItem = (problems: readonly JsonProblem[]): ReadonlyMap<number, readonly FieldError[]> => {
  const byItem = new Map<number, FieldError[]>()
  for (const p of problems) {
    const [index, ...rest] = p.path
    // Inside an array every problem path starts with the item's index.
    if (typeof index !== 'number') continue
    byItem.set(index, [...(byItem.get(index) ?? []), { path: formatPath(rest), expected: p.expected }])
  }
  return byItem
}

/**
 * A JSON array body parsed, its items decoded a few at a time: a caller that
 * must not hold its thread for a whole 10 MiB batch (the HTTP edge) decodes a
 * slice, yields, and goes on. `result` is the same as one pass.
 */
export interface JsonArrayDecoder {
  /** Decodes up to `count` more items; false once every item is decoded. */
  readonly decodeNext: (count: number) => boolean
  readonly result: () => BatchResult
}

/**
 * Parses a JSON array body with the strict parser (duplicate keys, depth,
 * exact numbers), or gives the body's error. The caller bounds the body's
 * size and item count.
 */
export const createJsonArrayDecoder = (text: string): E.Either<BatchResult, JsonArrayDecoder> => {
  const parsed = parseJson(text, MAX_DEPTH + 1)
  if (parsed._tag === 'Malformed') return E.left(bodyError(parsed.problem.expected))
  if (!Array.isArray(parsed.value)) return E.left(bodyError('a JSON array of facts'))
  return E.right(itemsDecoder(parsed.value, problemsByItem(parsed.problems)))
}

/** Item n (from 1) decoded as line n, `count` at a time. */
const itemsDecoder = (items: readonly unknown[], problems: ReadonlyMap<number, readonly FieldError[]>): JsonArrayDecoder => {
  const facts: NumberedFact[] = []
  const errors: LineError[] = []
  let next = 0
  return {
    decodeNext: (count) => {
      const end = Math.min(items.length, next + count)
      for (; next < end; next += 1) {
        const decoded = decodeFactValue(items[next], next + 1, problems.get(next) ?? [])
        if (E.isLeft(decoded)) errors.push(...decoded.left)
        else facts.push({ line: next + 1, fact: decoded.right })
      }
      return next < items.length
    },
    result: () => (errors.length > 0 ? E.left([...errors]) : E.right([...facts])),
  }
}

const decodedWhole = (decoder: JsonArrayDecoder): BatchResult => {
  while (decoder.decodeNext(Number.MAX_SAFE_INTEGER));
  return decoder.result()
}

/** Parses and decodes a JSON array body in one pass (see `createJsonArrayDecoder`). */
export const decodeJsonArrayText = (text: string): BatchResult => {
  const decoder = createJsonArrayDecoder(text)
  return E.isLeft(decoder) ? decoder.left : decodedWhole(decoder.right)
}
