/**
 * io-ts object codecs that refuse unknown fields.
 *
 * `t.exact` / `t.strict` silently strip fields they do not know; in a rule set
 * a misspelt field (`"atleast"`) would then vanish and change a rule's meaning
 * without a word, so here an unknown field is an error at its own path. The
 * required and optional halves are validated against the same context (not
 * through `t.intersection`), so error paths carry no intersection indices.
 */
import * as E from 'fp-ts/Either'
import * as t from 'io-ts'

export const isPlainObject = (u: unknown): u is Record<string, unknown> =>
  typeof u === 'object' && u !== null && !Array.isArray(u)

const unknownFieldError = (u: Record<string, unknown>, key: string, c: t.Context, known: readonly string[]): t.ValidationError => ({
  value: u[key],
  context: [...c, { key, type: t.never, actual: u[key] }],
  message: known.length === 0 ? 'no field here' : `no such field (known fields: ${known.join(', ')})`,
})

export type ClosedOf<R extends t.Props, O extends t.Props> = t.TypeOf<t.TypeC<R>> & t.TypeOf<t.PartialC<O>>

/** An object with the `required` and `optional` fields and no others. */
export const closed = <R extends t.Props, O extends t.Props = {}>(
  name: string,
  required: R,
  optional?: O,
): t.Type<ClosedOf<R, O>, ClosedOf<R, O>, unknown> => {
  const requiredCodec = t.type(required)
  const optionalCodec = t.partial(optional ?? ({} as O))
  const known = [...Object.keys(required), ...Object.keys(optional ?? {})]
  const knownSet = new Set(known)
  const validate = (u: unknown, c: t.Context): t.Validation<ClosedOf<R, O>> => {
    if (!isPlainObject(u)) return t.failure(u, c, `an object (${name})`)
    const errors: t.ValidationError[] = []
    const r = requiredCodec.validate(u, c)
    if (E.isLeft(r)) errors.push(...r.left)
    const o = optionalCodec.validate(u, c)
    if (E.isLeft(o)) errors.push(...o.left)
    for (const key of Object.keys(u)) if (!knownSet.has(key)) errors.push(unknownFieldError(u, key, c, known))
    if (errors.length > 0) return t.failures(errors)
    // Both halves succeeded: merge their (possibly decoded) values.
    return t.success({ ...(o as E.Right<object>).right, ...(r as E.Right<object>).right } as ClosedOf<R, O>)
  }
  return new t.Type<ClosedOf<R, O>, ClosedOf<R, O>, unknown>(
    name,
    (u): u is ClosedOf<R, O> => E.isRight(validate(u, [])),
    validate,
    t.identity,
  )
}

/** The first codec that accepts the value, or one error naming what was expected (no per-branch noise). */
export const oneOf = <A>(expected: string, codecs: readonly t.Decoder<unknown, A>[]): t.Type<A, A, unknown> => {
  const validate = (u: unknown, c: t.Context): t.Validation<A> => {
    for (const codec of codecs) {
      const r = codec.validate(u, c)
      if (E.isRight(r)) return r
    }
    return t.failure(u, c, expected)
  }
  return new t.Type<A, A, unknown>(expected, (u): u is A => E.isRight(validate(u, [])), validate, t.identity)
}

/** A refinement whose failure says, in words, what was expected. */
export const described = <A>(expected: string, base: t.Type<A, A, unknown>, ok: (a: A) => boolean): t.Type<A, A, unknown> =>
  new t.Type<A, A, unknown>(
    expected,
    (u): u is A => base.is(u) && ok(u),
    (u, c) => (base.is(u) && ok(u) ? t.success(u) : t.failure(u, c, expected)),
    t.identity,
  )

export const WholeNumber = described('a whole number ≥ 0', t.number, (n) => Number.isInteger(n) && n >= 0)
export const PositiveWholeNumber = described('a whole number ≥ 1', t.number, (n) => Number.isInteger(n) && n >= 1)
export const NonEmptyString = described('a non-empty string', t.string, (s) => s.trim().length > 0)

/** A closed set of strings, with one readable error listing them. */
export const literalOf = <S extends string>(values: readonly S[], what?: string): t.Type<S, S, unknown> => {
  const set = new Set<string>(values)
  const expected = `${what === undefined ? '' : `${what}: `}one of ${values.join(', ')}`
  return new t.Type<S, S, unknown>(
    expected,
    (u): u is S => typeof u === 'string' && set.has(u),
    (u, c) => (typeof u === 'string' && set.has(u) ? t.success(u as S) : t.failure(u, c, expected)),
    t.identity,
  )
}

/** A non-empty array: an empty one is refused with the path of the array itself. */
export const nonEmptyArray = <A>(item: t.Type<A, A, unknown>, what: string): t.Type<readonly A[], readonly A[], unknown> => {
  const array = t.readonlyArray(item)
  const validate = (u: unknown, c: t.Context): t.Validation<readonly A[]> => {
    if (!Array.isArray(u)) return t.failure(u, c, `a non-empty array of ${what}`)
    if (u.length === 0) return t.failure(u, c, `a non-empty array of ${what}`)
    return array.validate(u, c)
  }
  return new t.Type<readonly A[], readonly A[], unknown>(
    `a non-empty array of ${what}`,
    (u): u is readonly A[] => E.isRight(validate(u, [])),
    validate,
    t.identity,
  )
}
