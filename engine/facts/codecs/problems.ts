/**
 * Cross-field problems (an `end` before its `start`, sessions that do not add
 * up): found after the fields are decoded, reported like io-ts errors.
 */
import * as t from 'io-ts'

export interface FieldProblem {
  /** Keys from the fact's top level, e.g. `['returnInterview', 'offeredAt']`. */
  readonly path: readonly string[]
  readonly expected: string
}

export const problem = (path: string | readonly string[], expected: string): FieldProblem => ({
  path: typeof path === 'string' ? [path] : path,
  expected,
})

export const validationErrorOf =
  (c: t.Context) =>
  (p: FieldProblem): t.ValidationError => ({
    value: undefined,
    context: p.path.reduce<t.Context>((ctx, key) => t.appendContext(ctx, key, t.unknown), c),
    message: p.expected,
  })
