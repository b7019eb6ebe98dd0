/**
 * The one way codecs are built here: an io-ts `Type` from a check that
 * returns the decoded (possibly normalised) value or what was expected.
 *
 * A codec's `name` is the plain-English text a user reads after "expected"
 * (`a date (YYYY-MM-DD) …`), so the error reporter needs no lookup table.
 * Failures never carry a rendering of the value, only the value itself
 * (io-ts requires it), which the reporter drops.
 */
import * as t from 'io-ts'

/** Decodes unknown input into `A`; encodes back to the same JSON shape. */
export type Codec<A> = t.Type<A, A, unknown>

export type Check<A> =
  | { readonly ok: true; readonly value: A }
  | { readonly ok: false; readonly expected?: string }

export const ok = <A>(value: A): Check<A> => ({ ok: true, value })

/** A failure; without `expected` the codec's name is used. */
export const fail = <A = never>(expected?: string): Check<A> => (expected === undefined ? { ok: false } : { ok: false, expected })

export const codec = <A>(name: string, check: (u: unknown) => Check<A>): Codec<A> =>
  new t.Type<A, A, unknown>(
    name,
    // A value "is" an A when decoding leaves it as it is (already normalised).
    (u): u is A => {
      const r = check(u)
      return r.ok && r.value === u
    },
    (u, c) => {
      const r = check(u)
      return r.ok ? t.success(r.value) : t.failure(u, c, r.expected ?? name)
    },
    (a) => a,
  )

export const hasOwn = (o: object, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key)

/** A JSON object: not null, not an array (a null prototype is fine). */
export const isJsonObject = (u: unknown): u is Readonly<Record<string, unknown>> =>
  typeof u === 'object' && u !== null && !Array.isArray(u)
