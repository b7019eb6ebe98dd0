/**
 * io-ts errors as users read them: the dotted path from the context keys and
 * the "expected" text from the error's message or, failing that, the name of
 * the codec that failed. The offending value (`ValidationError.value`,
 * `ContextEntry.actual`) is dropped here, on purpose.
 */
import type * as t from 'io-ts'
import { formatPath } from './field-path'
import type { FieldError } from './line-error'

const pathOf = (context: t.Context): string =>
  formatPath(
    context
      .slice(1)
      .map((entry) => entry.key)
      .filter((key) => key !== ''),
  )

export const fieldErrorsOf = (errors: t.Errors): readonly FieldError[] =>
  errors.map((e) => ({
    path: pathOf(e.context),
    expected: e.message ?? e.context[e.context.length - 1]?.type.name ?? 'a valid value',
  }))
