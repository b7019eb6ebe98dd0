/**
 * What is wrong with one line of a batch (SPEC §2 "Batches and bad input"):
 * the line number (from 1), the field path and what was expected.
 *
 * An error never carries the offending value: it may be personal data, and
 * errors travel to logs, terminals and API answers.
 */

export interface LineError {
  readonly line: number
  /** Dotted field path (`subject.upn`, `returnInterview.offeredAt`) or `(line)` for the line as a whole. */
  readonly path: string
  /** What the field should have been, in plain English, without the value that was sent. */
  readonly expected: string
}

/** A problem inside one JSON value, before it is tied to a line. */
export type FieldError = Omit<LineError, 'line'>

/** The path of a problem that concerns the whole line (JSON syntax, size, not an object). */
export const WHOLE_LINE = '(line)'

export const atLine =
  (line: number) =>
  (e: FieldError): LineError => ({ line, path: e.path, expected: e.expected })

/** The path of a problem with a request body as a whole (a JSON array batch); such errors have `line: 0`. */
export const WHOLE_BODY = '(body)'

/** `line 3, field end: expected a date on or after start, or null` (`line 3: expected …` for the whole line). */
export const formatLineError = (e: LineError): string =>
  e.path === WHOLE_BODY
    ? `request body: expected ${e.expected}`
    : e.path === WHOLE_LINE
      ? `line ${e.line}: expected ${e.expected}`
      : `line ${e.line}, field ${e.path}: expected ${e.expected}`

/** Errors in line order; errors of one line keep the order in which they were found. */
export const byLine = (a: LineError, b: LineError): number => a.line - b.line
