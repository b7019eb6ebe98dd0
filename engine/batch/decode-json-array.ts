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
  const facts: NumberedFact[] = []
  const errors: LineError[] = []
  items.forEach((item, index) => {
    const decoded = decodeFactValue(item, index + 1, parserProblems.get(index) ?? [])
    if (E.isLeft(decoded)) errors.push(...decoded.left)
    else facts.push({ line: index + 1, fact: decoded.right })
  })
  return errors.length > 0 ? E.left(errors) : E.right(facts)
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
 * Parses and decodes a JSON array body with the strict parser (duplicate keys,
 * depth, exact numbers). The caller bounds the body's size and item count.
 */
export const decodeJsonArrayText = (text: string): BatchResult => {
  const parsed = parseJson(text, MAX_DEPTH + 1)
  if (parsed._tag === 'Malformed') return bodyError(parsed.problem.expected)
  if (!Array.isArray(parsed.value)) return bodyError('a JSON array of facts')
  return decodeJsonArrayBatch(parsed.value, problemsByItem(parsed.problems))
}
