/**
 * A reason a rule set was refused: the file, the path inside it (dot
 * separated, array indices as numbers, empty for the whole file) and what was
 * expected there.
 */
import type * as t from 'io-ts'

export interface RuleSetProblem {
  readonly file: string
  readonly path: string
  readonly expected: string
}

export const problem = (file: string, path: string, expected: string): RuleSetProblem => ({ file, path, expected })

export const joinPath = (...parts: readonly (string | number)[]): string =>
  parts.map(String).filter((p) => p !== '').join('.')

/** The path of an io-ts error: every context key after the root. */
const pathOf = (context: t.Context): string => joinPath(...context.slice(1).map((entry) => entry.key))

const expectedOf = (error: t.ValidationError): string =>
  error.message ?? error.context[error.context.length - 1]?.type.name ?? 'a valid value'

/** io-ts errors as problems of one file, duplicates removed, in the order found. */
export const problemsOfErrors = (file: string, errors: t.Errors, prefix = ''): readonly RuleSetProblem[] => {
  const seen = new Set<string>()
  const out: RuleSetProblem[] = []
  for (const error of errors) {
    const p = problem(file, joinPath(prefix, pathOf(error.context)), expectedOf(error))
    const key = `${p.path}\u0000${p.expected}`
    if (!seen.has(key)) {
      seen.add(key)
      out.push(p)
    }
  }
  return out
}

export const formatRuleSetProblem = (p: RuleSetProblem): string =>
  `${p.file}${p.path === '' ? '' : ` at ${p.path}`}: expected ${p.expected}`
