/**
 * How column values come back from either database (RELIABILITY §3 item 12):
 * a DATE is its `YYYY-MM-DD` text, never a `Date` shifted by the machine's
 * time zone; a timestamptz is an ISO instant in UTC (`…Z`, milliseconds); an
 * int8 stays a string, so ids and counts above 2^53 are never rounded.
 */

/** PostgreSQL type OIDs we parse ourselves. */
export const PG_TYPE = {
  INT8: 20,
  DATE: 1082,
  TIMESTAMPTZ: 1184,
} as const

export const keepText = (value: string): string => value

// PostgreSQL's ISO DateStyle output, e.g. `2024-06-01 10:00:00.123456+01` or `…+05:30`.
const TIMESTAMPTZ_TEXT = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(\.\d+)?([+-]\d{2})(?::?(\d{2}))?(?::?(\d{2}))?$/

/**
 * A timestamptz as an ISO instant (`2024-06-01T09:00:00.123Z`). Values the
 * application never stores (`infinity`, BC dates) are returned as sent.
 */
export const timestamptzToIso = (value: string): string => {
  const m = TIMESTAMPTZ_TEXT.exec(value)
  if (m === null) return value
  const millis = (m[3] ?? '.000').slice(1).padEnd(3, '0').slice(0, 3)
  const offsetSeconds = Number(m[6] ?? '0')
  const ms = Date.parse(`${m[1]}T${m[2]}.${millis}${m[4]}:${m[5] ?? '00'}`)
  if (Number.isNaN(ms)) return value
  // Historic zones can carry seconds in their offset; Date.parse cannot read them.
  const sign = (m[4] ?? '+').startsWith('-') ? -1 : 1
  return new Date(ms - sign * offsetSeconds * 1000).toISOString()
}

/** Text-format parsers by OID, shared by the pg pool and PGlite. */
export const TYPE_PARSERS: Readonly<Record<number, (value: string) => unknown>> = {
  [PG_TYPE.INT8]: keepText,
  [PG_TYPE.DATE]: keepText,
  [PG_TYPE.TIMESTAMPTZ]: timestamptzToIso,
}
