import { codec, fail, ok, type Codec } from './codec'

/** One string from a fixed list; `what` names the list when it is too long to print. */
export const oneOf = <T extends string>(values: readonly T[], what?: string): Codec<T> => {
  const allowed = new Set<string>(values)
  return codec(what ?? `one of ${values.join(', ')}`, (u) =>
    typeof u === 'string' && allowed.has(u) ? ok(u as T) : fail(),
  )
}

/** A string matching a pattern that already bounds its length. */
export const matching = (pattern: RegExp, what: string): Codec<string> =>
  codec(what, (u) => (typeof u === 'string' && u.length <= 64 && pattern.test(u) ? ok(u) : fail()))
