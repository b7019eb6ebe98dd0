/**
 * A batch of NDJSON lines (SPEC §2 "Batches and bad input"): all of it or
 * none of it. Lines count from 1; blank lines are skipped but counted; the
 * answer is either every fact with its line or every error of every line, in
 * line order.
 */
import * as E from 'fp-ts/Either'
import type { FactVersion } from '../facts/fact'
import { decodeFactLine } from './decode-line'
import type { LineError } from './line-error'

export interface NumberedFact {
  readonly line: number
  readonly fact: FactVersion
}

export type BatchResult = E.Either<readonly LineError[], readonly NumberedFact[]>

/** Only JSON whitespace (a CRLF file leaves a `\r` on each line). */
export const isBlankLine = (text: string): boolean => /^[ \t\r\n]*$/.test(text)

/**
 * Decodes a batch one line at a time, so that a caller reading a large file
 * never holds its raw text. Once a line fails, facts are no longer kept (the
 * batch will be refused anyway), only errors.
 */
export interface BatchDecoder {
  /** The next line, without its line break. */
  readonly push: (text: string) => void
  /** Lines pushed so far, blank ones included. */
  readonly lineCount: () => number
  readonly result: () => BatchResult
}

export const createBatchDecoder = (): BatchDecoder => {
  let line = 0
  let facts: NumberedFact[] = []
  const errors: LineError[] = []
  return {
    push: (text) => {
      line += 1
      if (isBlankLine(text)) return
      const decoded = decodeFactLine(text, line)
      if (E.isLeft(decoded)) {
        errors.push(...decoded.left)
        facts = []
      } else if (errors.length === 0) facts.push({ line, fact: decoded.right })
    },
    lineCount: () => line,
    result: () => (errors.length > 0 ? E.left([...errors]) : E.right([...facts])),
  }
}

export const decodeBatch = (lines: Iterable<string>): BatchResult => {
  const decoder = createBatchDecoder()
  for (const text of lines) decoder.push(text)
  return decoder.result()
}
