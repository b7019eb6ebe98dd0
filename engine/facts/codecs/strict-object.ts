/**
 * A nested object with a fixed set of fields and nothing else (the
 * `returnInterview` of a missing episode).
 */
import * as t from 'io-ts'
import { isJsonObject, hasOwn } from './codec'
import { decodeFields, unknownKeyErrors, type FieldSpecs } from './fields'

export const strictObject = <A>(name: string, specs: FieldSpecs): t.Type<A, A, unknown> =>
  new t.Type<A, A, unknown>(
    name,
    (u): u is A => {
      if (!isJsonObject(u)) return false
      const { errors } = decodeFields(u, [], specs, false)
      return errors.length === 0 && unknownKeyErrors(u, [], (k) => hasOwn(specs, k)).length === 0
    },
    (u, c) => {
      if (!isJsonObject(u)) return t.failure(u, c, name)
      const decoded = decodeFields(u, c, specs, false)
      const errors = [...decoded.errors, ...unknownKeyErrors(u, c, (k) => hasOwn(specs, k))]
      // The specs are built for `A` by the caller; the values are exactly its fields.
      return errors.length > 0 ? t.failures(errors) : t.success(decoded.values as A)
    },
    (a) => a,
  )
