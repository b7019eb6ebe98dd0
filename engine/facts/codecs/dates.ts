/**
 * Dates (`YYYY-MM-DD`, real and between 1900 and 2199) and RFC 3339
 * date-times (with seconds, `Z` or `±hh:mm`), checked by the shared time
 * modules so that the codec and the engine agree on what a date is.
 */
import { isIsoDate, MAX_YEAR, MIN_YEAR } from '../../time/calendar'
import { isInstant } from '../../time/london'
import { codec, fail, ok, type Codec } from './codec'
import * as t from 'io-ts'

export const IsoDate: Codec<string> = codec(`a date (YYYY-MM-DD) that exists, from ${MIN_YEAR}-01-01 to ${MAX_YEAR}-12-31`, (u) =>
  typeof u === 'string' && u.length === 10 && isIsoDate(u) ? ok(u) : fail(),
)

// The longest valid form: 2024-01-05T14:30:00.123456789+01:00 (35 characters).
const MAX_DATE_TIME_LENGTH = 35

export const IsoDateTime: Codec<string> = codec(
  'a date-time (RFC 3339 with seconds and Z or ±hh:mm, e.g. 2024-01-05T14:30:00Z)',
  (u) => (typeof u === 'string' && u.length <= MAX_DATE_TIME_LENGTH && isInstant(u) ? ok(u) : fail()),
)

/** `null` or a value of the codec (an open period's `end`, an interview not yet held). */
export const nullOr = <A>(inner: Codec<A>): Codec<A | null> =>
  new t.Type<A | null, A | null, unknown>(
    `${inner.name}, or null`,
    (u): u is A | null => u === null || inner.is(u),
    (u, c) => {
      if (u === null) return t.success(null)
      const r = inner.validate(u, c)
      return r._tag === 'Right' ? r : t.failure(u, c, `${inner.name}, or null`)
    },
    (a) => a,
  )
