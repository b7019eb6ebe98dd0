/**
 * Hostile inputs for the API and the NDJSON decoder (RELIABILITY I1, I2,
 * I5, §3 item 11), as fast-check arbitraries over the canary city's facts:
 * valid lines, lines with one field replaced by a value PostgreSQL or a UI
 * would mishandle, lines with a field dropped or a prototype key added,
 * arbitrary JSON and raw bytes; bodies in every media type the route knows
 * and some it does not; query strings, path ids and tokens for every route.
 *
 * Kept here, outside any test file, so the C-tier fuzz test can import the
 * same arbitraries (test/api/reliability/fuzz.test.ts defines its own today).
 */
import fc from 'fast-check'
import { CANARY_FACTS, UNKNOWN_CHILD, childIdOf } from '../../api/fixtures/canary-city'
import type { Role } from '../../../api/auth/roles'

/** Strings a store, a log line or a screen mishandles. */
export const nastyString = fc.oneof(
  fc.constantFrom(
    '\u0000', 'a\u0000b', '\ud800', 'x\udfffy', '\u202eevil', '\u2066x\u2069', 'e\u0301', '\r\n{"level":60}', '\u001b[31mred',
    '=cmd|"/c calc"!A1', "' OR 1=1 --", '%00', '../../etc/passwd', '__proto__', 'constructor', '', ' ', 'x'.repeat(70_000),
  ),
  fc.string({ unit: 'binary', maxLength: 24 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
)

/** Values for a fact field: nasty strings, edge numbers and dates, other JSON. */
export const fieldValue: fc.Arbitrary<unknown> = fc.oneof(
  nastyString,
  fc.constantFrom(
    '2024-02-30', '2024-13-01', '0000-01-01', '10000-01-01', '2026-11-24', '2099-01-01', '2026-11-24T25:00:00Z',
    '2026-11-24T10:00:00+14:00', '2026-11-24T10:00:00-12:00', '2026-03-29T01:30:00Z', '2026-11-24T10:00:00',
  ),
  fc.constantFrom(0, -0, -1, 1e309, 2 ** 31, 2 ** 53 + 1, 0.5, Number.MAX_SAFE_INTEGER, null, true, false, [], {}),
  fc.jsonValue({ maxDepth: 2 }),
)

const FIELDS = [
  'kind', 'source', 'sourceId', 'subject', 'recordedAt', 'withdrawn', 'childId', 'dateOfBirth', 'sex', 'locality', 'upn', 'nhsNumber',
  'givenName', 'familyName', 'start', 'end', 'category', 'returnInterview', 'possibleSessions', 'attendedSessions', 'sessions',
  'reason', 'code', 'identifiedOn', 'occurredOn', 'reportedOn', 'grading', 'handlingCode', 'outcome', 'offenceCategory',
] as const

const validLine = fc.constantFrom(...CANARY_FACTS)
const asObject = (line: string): Record<string, unknown> => JSON.parse(line) as Record<string, unknown>

/** Serialises, keeping `__proto__` as an own key (JSON.stringify would drop a prototype set by assignment). */
const withKey = (line: string, key: string, value: unknown): string => {
  const obj = asObject(line)
  if (key === '__proto__') return `${JSON.stringify(obj).slice(0, -1)},"__proto__":${JSON.stringify(value) ?? 'null'}}`
  return JSON.stringify({ ...obj, [key]: value })
}

export const factLine: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: validLine },
  { weight: 5, arbitrary: fc.tuple(validLine, fc.constantFrom(...FIELDS), fieldValue).map(([l, k, v]) => withKey(l, k, v)) },
  { weight: 1, arbitrary: fc.tuple(validLine, fc.constantFrom('__proto__', 'constructor', 'prototype', 'extra'), fc.jsonValue({ maxDepth: 2 })).map(([l, k, v]) => withKey(l, k, v)) },
  {
    weight: 1,
    arbitrary: fc.tuple(validLine, fc.nat()).map(([l, n]) => {
      const obj = asObject(l)
      const keys = Object.keys(obj)
      delete obj[keys[n % keys.length] ?? 'kind']
      return JSON.stringify(obj)
    }),
  },
  // A duplicate key: the engine's parser must see it (last-wins would hide a value).
  { weight: 1, arbitrary: fc.tuple(validLine, fc.constantFrom(...FIELDS)).map(([l, k]) => `${l.slice(0, -1)},"${k}":"again"}`) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null') },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
  { weight: 1, arbitrary: fc.nat(600).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`) },
)

export type FactsFormat = 'ndjson' | 'json'

export interface FactsBody {
  readonly payload: string
  readonly contentType: string | undefined
  /** The lines (NDJSON) or items (JSON array, each re-serialised) the route would decode, when the media type is one it parses. */
  readonly format: FactsFormat | 'other'
  readonly contentEncoding: string | undefined
}

const CONTENT_TYPES: readonly (readonly [string | undefined, FactsFormat | 'other'])[] = [
  ['application/x-ndjson', 'ndjson'],
  ['application/json', 'json'],
  ['application/x-ndjson; charset=utf-8', 'ndjson'],
  ['application/json; charset=utf-8', 'json'],
  ['text/plain', 'other'],
  ['application/x-ndjson; charset=utf-16', 'other'],
  ['application/json\t; x=1', 'other'],
  [' application/json', 'other'],
  ['APPLICATION/JSON', 'other'],
  ['application/vnd.api+json', 'other'],
  ['multipart/form-data; boundary=x', 'other'],
  [undefined, 'other'],
]

export const factsBody: fc.Arbitrary<FactsBody> = fc
  .tuple(
    fc.oneof(
      { weight: 2, arbitrary: fc.array(factLine, { minLength: 0, maxLength: 5 }) },
      // Valid lines with at most one hostile one among them: the checks past the first line get exercised.
      { weight: 1, arbitrary: fc.tuple(fc.array(validLine, { minLength: 1, maxLength: 4 }), fc.option(factLine), fc.nat()).map(([ok, bad, at]) => (bad === null ? ok : [...ok.slice(0, at % ok.length), bad, ...ok.slice(at % ok.length)])) },
    ),
    fc.constantFrom(...CONTENT_TYPES),
    fc.constantFrom('\n', '\r\n'),
    fc.boolean(),
    fc.oneof({ weight: 9, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom('gzip', 'identity', 'br') }),
  )
  .map(([lines, [contentType, format], eol, asArray, contentEncoding]) => {
    // A JSON-typed body is sometimes an array of the lines' values, sometimes raw text.
    const payload =
      format === 'json' && asArray ? `[${lines.map((l) => (isJson(l) ? l : JSON.stringify(l))).join(',')}]` : lines.join(eol) + (lines.length > 0 && asArray ? eol : '')
    return { payload, contentType, format, contentEncoding }
  })

const isJson = (text: string): boolean => {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

const ROLES: readonly Role[] = ['mash', 'missing_pilot', 'virtual_school', 'yot_analyst', 'ingest', 'admin']

/** Who sends a batch: mostly the ingest role, so that batches get past authorisation. */
export const sender = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ _tag: 'role' as const, role: 'ingest' as Role }) },
  { weight: 1, arbitrary: fc.constantFrom(...ROLES).map((role) => ({ _tag: 'role' as const, role })) },
  { weight: 1, arbitrary: fc.constantFrom('none', 'garbage', 'Bearer').map((header) => ({ _tag: 'raw' as const, header })) },
)

/** Who asks: a role, or a broken or missing token. */
export const caller = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...ROLES).map((role) => ({ _tag: 'role' as const, role })) },
  { weight: 1, arbitrary: fc.constantFrom('none', 'garbage', 'Bearer', 'Basic dXNlcjpwYXNz', 'bearer x.y.z').map((header) => ({ _tag: 'raw' as const, header })) },
)

const QUERY_KEYS = [
  'asOf', 'from', 'to', 'locality', 'changedSince', 'limit', 'cursor', 'upn', 'nhsNumber', 'familyName', 'dateOfBirth', 'childId', 'sub',
  '__proto__', 'constructor', 'asOf[]', 'limit[0]',
] as const

/** Percent-encoding that also takes lone surrogates (sent as the UTF-8 of U+FFFD, as a client would). */
export const percentEncode = (text: string): string => {
  try {
    return encodeURIComponent(text)
  } catch {
    return Array.from(Buffer.from(text, 'utf8'), (b) => `%${b.toString(16).padStart(2, '0').toUpperCase()}`).join('')
  }
}

const queryValue = fc.oneof(
  nastyString,
  fc.constantFrom('2026-11-24', '2024-02-30', '2026-11-24T10:00:00Z', '10', '0', '-1', '1e9', '1000000000', 'North', 'eyJhIjoiMjAyNiJ9', 'C9100002'),
  fc.integer().map(String),
)

const queryPairs = fc
  .array(fc.tuple(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...QUERY_KEYS) }, { weight: 1, arbitrary: fc.string({ maxLength: 8 }) }), queryValue), { maxLength: 4 })
  .map((pairs) => pairs.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&'))

/** Often empty, so that requests get past query validation into the handlers. */
export const queryString = fc.oneof({ weight: 2, arbitrary: fc.constant('') }, { weight: 3, arbitrary: queryPairs })

const childIdParam = fc.oneof(
  fc.constantFrom(childIdOf(1), childIdOf(2), childIdOf(3), childIdOf(4), childIdOf(5), UNKNOWN_CHILD),
  nastyString.map((s) => percentEncode(s.slice(0, 200))),
)

const cohortParam = fc.oneof(
  fc.constantFrom('missing-pilot', 'lac-attendance', 'exploitation', 'first-time-entrants', 'no-such-cohort'),
  nastyString.map((s) => percentEncode(s.slice(0, 200))),
)

export interface ReadRequest {
  readonly method: 'GET' | 'HEAD' | 'DELETE' | 'PUT'
  readonly url: string
  /** The route pattern the path was made for (undefined: none). */
  readonly route: string | undefined
  readonly csv: boolean
}

/** Every GET route with random ids and query strings, and now and then a method or path no route has. */
export const readRequest: fc.Arbitrary<ReadRequest> = fc.oneof(
  {
    weight: 20,
    arbitrary: fc
      .tuple(
        fc.oneof(
          fc.constant(['/children', '/children'] as const),
          childIdParam.map((id) => [`/children/${id}/flags`, '/children/:childId/flags'] as const),
          childIdParam.map((id) => [`/children/${id}/chronology`, '/children/:childId/chronology'] as const),
          cohortParam.map((name) => [`/cohorts/${name}`, '/cohorts/:name'] as const),
          fc.constantFrom('/rules', '/audit', '/unmatched', '/health', '/ready', '/docs').map((p) => [p, p] as const),
        ),
        queryString,
        fc.boolean(),
      )
      .map(([[path, route], query, csv]) => ({ method: 'GET' as const, url: query === '' ? path : `${path}?${query}`, route, csv })),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('HEAD' as const, 'DELETE' as const, 'PUT' as const), fc.constantFrom('/children', '/facts', '/audit', '/nope', '/children/C9100002/flags'))
      .map(([method, url]) => ({ method, url, route: undefined, csv: false })),
  },
)
