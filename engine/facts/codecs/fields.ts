/**
 * Decoding the fields of one JSON object, collecting every error.
 *
 * io-ts's `t.type` reports unknown keys nowhere and `t.exact` drops them
 * silently; SPEC §2 says an unknown field is an error, and RELIABILITY.md
 * (A6, I5) says `__proto__` and `constructor` are refused. So objects are
 * walked here: each known field through its io-ts codec, each other key as an
 * error at its own path. The result keeps every field that decoded, so that
 * cross-field checks can still run beside the errors of other fields.
 */
import * as t from 'io-ts'
import { hasOwn } from './codec'

export interface FieldSpec<A> {
  readonly codec: t.Decoder<unknown, A>
  readonly optional: boolean
}

export type FieldSpecs = Readonly<Record<string, FieldSpec<unknown>>>

export const required = <A>(codec: t.Decoder<unknown, A>): { readonly codec: t.Decoder<unknown, A>; readonly optional: false } => ({
  codec,
  optional: false,
})

export const optional = <A>(codec: t.Decoder<unknown, A>): { readonly codec: t.Decoder<unknown, A>; readonly optional: true } => ({
  codec,
  optional: true,
})

export interface DecodedFields {
  /** The fields that were present and valid, decoded. */
  readonly values: Readonly<Record<string, unknown>>
  readonly errors: t.Errors
}

/** Present means an own property whose value is not `undefined` (JSON has no `undefined`). */
export const isPresent = (u: Readonly<Record<string, unknown>>, key: string): boolean => hasOwn(u, key) && u[key] !== undefined

/** Each spec's entries, listed once: decoding is per line, the specs are per kind. */
const entriesOf = new WeakMap<FieldSpecs, readonly (readonly [string, FieldSpec<unknown>])[]>()

const specEntries = (specs: FieldSpecs): readonly (readonly [string, FieldSpec<unknown>])[] => {
  let entries = entriesOf.get(specs)
  if (entries === undefined) {
    entries = Object.entries(specs)
    entriesOf.set(specs, entries)
  }
  return entries
}

/**
 * A context for a field's first try. Codecs read the context only to report
 * a failure, and a field is tried again with its true context when it fails,
 * so valid fields (nearly all of them) cost no context of their own.
 */
const FIRST_TRY: t.Context = []

/**
 * Decodes the fields of `specs` from `u`, in the order of `specs`. With
 * `allOptional` (a withdrawal) a missing required field is not an error.
 */
export const decodeFields = (
  u: Readonly<Record<string, unknown>>,
  c: t.Context,
  specs: FieldSpecs,
  allOptional: boolean,
): DecodedFields => {
  const values: Record<string, unknown> = {}
  const errors: t.ValidationError[] = []
  for (const [key, spec] of specEntries(specs)) {
    if (!isPresent(u, key)) {
      if (!spec.optional && !allOptional) {
        errors.push({ value: undefined, context: t.appendContext(c, key, spec.codec), message: `${spec.codec.name}; the field is required` })
      }
      continue
    }
    const actual = u[key]
    const tried = spec.codec.validate(actual, FIRST_TRY)
    if (tried._tag === 'Right') {
      values[key] = tried.right
      continue
    }
    const result = spec.codec.validate(actual, t.appendContext(c, key, spec.codec, actual))
    if (result._tag === 'Right') values[key] = result.right
    else errors.push(...result.left)
  }
  return { values, errors }
}

const DANGEROUS_KEYS = new Set(['__proto__', 'constructor', 'prototype'])

/** One error per key of `u` that `isKnown` refuses, in the order the keys were sent. */
export const unknownKeyErrors = (
  u: Readonly<Record<string, unknown>>,
  c: t.Context,
  isKnown: (key: string) => boolean,
): t.Errors => {
  const errors: t.ValidationError[] = []
  for (const key of Object.keys(u)) {
    if (isKnown(key)) continue
    errors.push({
      value: undefined,
      context: t.appendContext(c, key, t.unknown),
      message: DANGEROUS_KEYS.has(key)
        ? 'no __proto__, constructor or prototype key'
        : 'no field of this name (unknown fields are not allowed)',
    })
  }
  return errors
}
