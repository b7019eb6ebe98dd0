/**
 * A stored row that does not decode: the database holds something this code
 * never wrote, or wrote differently. Names the table, the row's key and the
 * path that failed, never a value (it could be personal data).
 */
import type * as t from 'io-ts'

export interface StoredRowInvalid {
  readonly _tag: 'StoredRowInvalid'
  readonly table: string
  readonly key: string
  readonly problems: readonly string[]
}

export const storedRowInvalid = (table: string, key: string, problems: readonly string[]): StoredRowInvalid => ({
  _tag: 'StoredRowInvalid',
  table,
  key,
  problems,
})

/** `path: expected` for each io-ts error, at most a few, with no values. */
export const describeErrors = (errors: t.Errors): readonly string[] =>
  errors.slice(0, 5).map((e) => {
    const path = e.context
      .map((c) => c.key)
      .filter((k) => k !== '')
      .join('.')
    const expected = e.context[e.context.length - 1]?.type.name ?? 'a valid value'
    return `${path === '' ? '(row)' : path}: expected ${expected}`
  })

/** Thrown where a bad row can only mean the database was changed behind our back (inside a write). */
export class StoredRowInvalidError extends Error {
  constructor(readonly detail: StoredRowInvalid) {
    super(`stored ${detail.table} row ${detail.key} is invalid: ${detail.problems.join('; ')}`)
    this.name = 'StoredRowInvalidError'
  }
}
