/**
 * Session counts: whole numbers ≥ 0 that a double holds exactly. JSON allows
 * `-0`, `1e309` (Infinity after parsing), `2.5` and `9007199254740993`
 * (silently rounded); none of them is a count.
 */
import { codec, fail, ok, type Codec } from './codec'

export const Count: Codec<number> = codec('a whole number ≥ 0', (u) => {
  if (typeof u !== 'number' || !Number.isInteger(u) || u < 0) return fail()
  if (Object.is(u, -0)) return fail('a whole number ≥ 0, without a minus sign')
  if (!Number.isSafeInteger(u)) return fail('a whole number ≥ 0 and below 2^53 (9007199254740992)')
  return ok(u)
})

/** `true` or `false`. */
export const Flag: Codec<boolean> = codec('true or false', (u) => (typeof u === 'boolean' ? ok(u) : fail()))
