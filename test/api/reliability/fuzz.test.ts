/**
 * RELIABILITY I1: generic fuzz of `POST /facts` and of the GET routes' query
 * strings, through `inject` (no sockets). Every answer is one of 200 (valid
 * input only), 400, 404, 413, 415; never 5xx. `POST /facts` answers 200 only
 * when every line decodes with the engine's own codec (decodeFactLine is the
 * oracle); the ingest port is a spy, so nothing slow is in the loop.
 */
import t from 'tap'
import fc from 'fast-check'
import * as E from 'fp-ts/Either'
import { decodeFactLine } from '../../../engine/batch/decode-line'
import { isBlankLine } from '../../../engine/batch/decode-batch'
import { CANARY_FACTS, UNKNOWN_CHILD, childIdOf } from '../fixtures/canary-city'
import { bearer, buildCityApp, buildTestApp } from '../helper'
import { HOSTILE_STATUSES, fcSeed, isServerError } from './support'

const RUNS = 200
const counts = { inserted: 0, corrected: 0, unchanged: 0, withdrawn: 0, superseded: 0, unmatched: 0, linked: 0 }

/** What the engine says of an NDJSON body, split exactly as the route splits it. */
const ndjsonIsValid = (text: string): boolean => {
  const lines = text.split('\n')
  if (text.endsWith('\n')) lines.pop()
  return lines.every((line, i) => isBlankLine(line) || E.isRight(decodeFactLine(line, i + 1)))
}

const validFact = fc.constantFrom(...CANARY_FACTS)

/** A valid fact with one field replaced or added by an arbitrary JSON value. */
const mutatedFact = fc
  .tuple(validFact, fc.oneof(fc.constantFrom('kind', 'source', 'sourceId', 'subject', 'recordedAt', 'childId', 'start', 'end', 'dateOfBirth', 'withdrawn'), fc.string()), fc.jsonValue({ maxDepth: 2 }))
  .map(([line, key, value]) => JSON.stringify({ ...(JSON.parse(line) as Record<string, unknown>), [key]: value }))

/** A valid fact with one field removed. */
const truncatedFact = fc.tuple(validFact, fc.nat()).map(([line, n]) => {
  const obj = JSON.parse(line) as Record<string, unknown>
  const keys = Object.keys(obj)
  const { [keys[n % keys.length] ?? 'kind']: _dropped, ...rest } = obj
  return JSON.stringify(rest)
})

const anyLine = fc.oneof(
  { weight: 3, arbitrary: validFact },
  { weight: 3, arbitrary: mutatedFact },
  { weight: 1, arbitrary: truncatedFact },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null') },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 2 }).map((v) => { try { return JSON.stringify(v) ?? 'undefined' } catch { return String(v) } }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
)

const ndjsonBody = fc.tuple(fc.array(anyLine, { minLength: 1, maxLength: 4 }), fc.constantFrom('\n', '\r\n'), fc.boolean())
  .map(([lines, eol, trailing]) => lines.join(eol) + (trailing ? eol : ''))

t.test('I1 POST /facts, NDJSON: 200 only for a batch the codec accepts, never 5xx', async (t) => {
  let reached = 0
  const { app } = await buildTestApp({ services: { ingest: async () => { reached += 1; return { _tag: 'Ingested', counts } } } })
  t.teardown(() => app.close())
  const seed = fcSeed()
  t.comment(`I1 /facts NDJSON seed ${seed}`)
  let invalidAccepted = 0
  let validRefused = 0
  let serverErrors = 0
  let valid = 0
  await fc.assert(
    fc.asyncProperty(ndjsonBody, async (body) => {
      const payload = Buffer.from(body, 'utf8')
      const isValid = ndjsonIsValid(payload.toString('utf8'))
      if (isValid) valid += 1
      const res = await app.inject({ method: 'POST', url: '/facts', payload, headers: { ...bearer('ingest'), 'content-type': 'application/x-ndjson' } })
      if (isServerError(res.statusCode)) serverErrors += 1
      if (res.statusCode === 200 && !isValid) invalidAccepted += 1
      if (res.statusCode !== 200 && isValid) validRefused += 1
      return HOSTILE_STATUSES.includes(res.statusCode) && (res.statusCode === 200) === isValid
    }),
    { seed, numRuns: RUNS },
  )
  t.equal(invalidAccepted, 0)
  t.equal(serverErrors, 0)
  t.equal(validRefused, 0)
  t.equal(reached, valid, 'the ingest port saw exactly the valid batches')
  t.equal(({} as Record<string, unknown>)['polluted'], undefined, 'Object.prototype untouched (I5)')
  t.comment(`I1 POST /facts NDJSON: ${RUNS} inputs (${valid} valid), ${invalidAccepted} invalid accepted, ${serverErrors} 5xx`)
})

t.test('I1 POST /facts, JSON array and arbitrary JSON bodies: same oracle, never 5xx', async (t) => {
  const { app } = await buildTestApp({ services: { ingest: async () => ({ _tag: 'Ingested', counts }) } })
  t.teardown(() => app.close())
  const seed = fcSeed()
  t.comment(`I1 /facts JSON seed ${seed}`)
  const item = fc.oneof(
    { weight: 3, arbitrary: validFact.map((l) => JSON.parse(l) as unknown) },
    { weight: 3, arbitrary: mutatedFact.map((l) => JSON.parse(l) as unknown) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  )
  const body = fc.oneof(
    { weight: 4, arbitrary: fc.array(item, { maxLength: 4 }) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  )
  let invalidAccepted = 0
  let serverErrors = 0
  let valid = 0
  await fc.assert(
    fc.asyncProperty(body, async (value) => {
      const text = JSON.stringify(value) ?? 'null'
      // Items are re-serialised one by one, as the route's own parser would see them.
      const isValid = Array.isArray(value) && value.every((v, i) => E.isRight(decodeFactLine(JSON.stringify(v) ?? 'null', i + 1)))
      if (isValid) valid += 1
      const res = await app.inject({ method: 'POST', url: '/facts', payload: text, headers: { ...bearer('ingest'), 'content-type': 'application/json' } })
      if (isServerError(res.statusCode)) serverErrors += 1
      if (res.statusCode === 200 && !isValid) invalidAccepted += 1
      return HOSTILE_STATUSES.includes(res.statusCode) && (res.statusCode === 200) === isValid
    }),
    { seed, numRuns: RUNS },
  )
  t.equal(invalidAccepted, 0)
  t.equal(serverErrors, 0)
  t.comment(`I1 POST /facts JSON: ${RUNS} inputs (${valid} valid), ${invalidAccepted} invalid accepted, ${serverErrors} 5xx`)
})

const QUERY_KEYS = ['asOf', 'from', 'to', 'locality', 'changedSince', 'limit', 'cursor', 'upn', 'nhsNumber', 'familyName', 'dateOfBirth', 'childId', 'sub', '__proto__', 'constructor']

const queryValue = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom('2026-11-24', '2024-02-30', '10', '0', '-1', '1e9', 'abc', '', '%', '[]', 'true', "' OR 1=1 --"),
  fc.integer().map(String),
)

const queryString = fc
  .array(fc.tuple(fc.oneof(fc.constantFrom(...QUERY_KEYS), fc.string({ maxLength: 10 })), queryValue), { maxLength: 4 })
  .map((pairs) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&'))

const paths = fc.constantFrom(
  '/children',
  `/children/${childIdOf(2)}/flags`,
  `/children/${UNKNOWN_CHILD}/flags`,
  `/children/${childIdOf(3)}/chronology`,
  '/cohorts/missing-pilot',
  '/cohorts/first-time-entrants',
  '/cohorts/lac-attendance',
  '/cohorts/no-such-cohort',
  '/rules',
)

t.test('I1 GET routes: random query strings (mash token) are 200, 400 or 404, never 5xx', async (t) => {
  const { app } = await buildCityApp()
  t.teardown(() => app.close())
  const seed = fcSeed()
  t.comment(`I1 GET seed ${seed}`)
  const statuses = new Map<number, number>()
  await fc.assert(
    fc.asyncProperty(paths, queryString, fc.boolean(), async (path, query, csv) => {
      const res = await app.inject({ method: 'GET', url: `${path}?${query}`, headers: { ...bearer('mash'), ...(csv ? { accept: 'text/csv' } : {}) } })
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1)
      return [200, 400, 404].includes(res.statusCode)
    }),
    { seed, numRuns: RUNS },
  )
  const serverErrors = [...statuses].filter(([s]) => isServerError(s)).reduce((n, [, c]) => n + c, 0)
  t.equal(serverErrors, 0)
  t.comment(`I1 GET routes: ${RUNS} inputs, statuses ${JSON.stringify(Object.fromEntries(statuses))}, ${serverErrors} 5xx`)
})
