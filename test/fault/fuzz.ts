/**
 * RELIABILITY I1 (N tier): generic fuzz of every route and of the NDJSON
 * decoder, 20,000 inputs by default.
 *
 *   npm run fault:fuzz -- [--inputs 20000] [--seed N]     (EW_FC_SEED=N works too)
 *
 * The production app (`appDepsOver`, `buildApp`) over an embedded in-memory
 * database holding the canary city, through `inject` (no sockets). Inputs
 * (support/fuzz-inputs.ts): `POST /facts` bodies in every media type, with
 * valid, mutated, truncated, prototype-keyed and random lines; every GET
 * route with random ids, query strings, CSV or JSON, and callers of every
 * role or with a broken token; now and then a method or path no route has.
 * Oracles:
 * - never a 5xx, never an uncaught exception or unhandled rejection;
 * - `POST /facts` answers 200 only to the `ingest` role, for a media type
 *   the route parses, without Content-Encoding, when every line decodes
 *   with the engine's own codec (valid batches really are written);
 * - a GET answers 200 only to a role the route table allows;
 * - the decoder, fed the same lines directly, never throws, and every line
 *   it accepts is free of C0 controls, lone surrogates and bidi controls,
 *   with real calendar dates;
 * - no log line carries a canary name, date of birth or identifier.
 * Prints the seed, so a run replays with `--seed`.
 */
import fc from 'fast-check'
import * as E from 'fp-ts/Either'
import { routeAllows } from '../../api/access/route-table'
import { decodeBatch, isBlankLine } from '../../engine/batch/decode-batch'
import { decodeFactLine } from '../../engine/batch/decode-line'
import { decodeJsonArrayText } from '../../engine/batch/decode-json-array'
import { isIsoDate } from '../../engine/time/calendar'
import { openDatabase } from '../../storage/database/open-database'
import { ingestBatch } from '../../storage/ingest/ingest-batch'
import { migrateToLatest } from '../../storage/migrations/migrate-to-latest'
import { CANARY_FACTS, CANARY_VALUES } from '../api/fixtures/canary-city'
import { caller, factLine, sender, factsBody, readRequest, type FactsBody, type ReadRequest } from './support/fuzz-inputs'
import { Invariants, numberOption, printFigures, seconds } from './support/report'
import { storedApp } from './support/stored-app'

type Caller = typeof caller extends fc.Arbitrary<infer C> ? C : never

/** What the engine says of a body, split as the route splits it. */
const engineAccepts = (body: FactsBody): boolean => {
  if (body.format === 'json') return E.isRight(decodeJsonArrayText(body.payload))
  if (body.format === 'ndjson') {
    const lines = body.payload.split('\n')
    if (body.payload.endsWith('\n')) lines.pop()
    return E.isRight(decodeBatch(lines))
  }
  return false
}

// eslint-disable-next-line no-control-regex
const FORBIDDEN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/
const DATE_KEYS = new Set(['dateOfBirth', 'start', 'end', 'identifiedOn', 'occurredOn', 'reportedOn', 'periodStart', 'periodEnd'])

/** Why an accepted line should not have been, or undefined when it is clean. */
const acceptedLineProblem = (value: unknown, key = ''): string | undefined => {
  if (typeof value === 'string') {
    if (FORBIDDEN_TEXT.test(value)) return `${key}: control, bidi or lone surrogate`
    if (DATE_KEYS.has(key) && /^\d{4}-\d{2}-\d{2}$/.test(value) && !isIsoDate(value)) return `${key}: not a calendar date`
    return undefined
  }
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : `${key}: not finite`
  if (Array.isArray(value)) return value.map((v) => acceptedLineProblem(v, key)).find((p) => p !== undefined)
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).map(([k, v]) => acceptedLineProblem(v, k)).find((p) => p !== undefined)
  }
  return undefined
}

const main = async (): Promise<void> => {
  const args = process.argv.slice(2)
  const inputs = numberOption(args, 'inputs', 20_000)
  const fromEnv = Number(process.env['EW_FC_SEED'])
  const seed = numberOption(args, 'seed', Number.isSafeInteger(fromEnv) && process.env['EW_FC_SEED'] !== '' ? fromEnv : Date.now() % 2_147_483_647)
  process.stderr.write(`fuzz seed ${seed}\n`)

  let crashes = 0
  process.on('uncaughtException', () => void (crashes += 1))
  process.on('unhandledRejection', () => void (crashes += 1))

  const opened = await openDatabase({ dataDir: 'memory://' })
  const migrated = await migrateToLatest(opened.db)
  if (E.isLeft(migrated)) throw new Error(migrated.left.message)
  const city = decodeBatch(CANARY_FACTS)
  if (E.isLeft(city) || E.isLeft(await ingestBatch(opened.db, city.right, { receivedAt: new Date().toISOString(), label: 'canary' }))) {
    throw new Error('the canary city does not load')
  }
  const { app, logs, authorization } = await storedApp(opened.db)
  const headersOf = (who: Caller): Record<string, string> =>
    who._tag === 'role' ? { authorization: authorization(who.role) } : who.header === 'none' ? {} : { authorization: who.header }

  const statuses = new Map<number, number>()
  const examples: string[] = []
  const note = (what: string): void => void (examples.length < 5 && examples.push(what))
  let serverErrors = 0
  let invalidAccepted = 0
  let written = 0
  let postCount = 0
  let getCount = 0

  const requests = fc.sample(
    fc.oneof({ weight: 2, arbitrary: fc.tuple(fc.constant('post' as const), factsBody, sender) }, { weight: 3, arbitrary: fc.tuple(fc.constant('get' as const), readRequest, caller) }),
    { seed, numRuns: Math.ceil(inputs * 0.8) },
  )
  const started = performance.now()
  for (const [kind, input, who] of requests) {
    const headers = headersOf(who)
    let status: number
    if (kind === 'post') {
      const body = input as FactsBody
      postCount += 1
      const res = await app.inject({
        method: 'POST',
        url: '/facts',
        payload: Buffer.from(body.payload, 'utf8'),
        headers: {
          ...headers,
          ...(body.contentType === undefined ? {} : { 'content-type': body.contentType }),
          ...(body.contentEncoding === undefined ? {} : { 'content-encoding': body.contentEncoding }),
        },
      })
      status = res.statusCode
      if (status === 200) {
        written += 1
        const allowed = who._tag === 'role' && who.role === 'ingest' && (body.contentEncoding === undefined || body.contentEncoding === 'identity') && engineAccepts(body)
        if (!allowed) {
          invalidAccepted += 1
          note(`POST /facts ${JSON.stringify({ ...body, payload: body.payload.slice(0, 200) })} as ${JSON.stringify(who)}`)
        }
      }
    } else {
      const req = input as ReadRequest
      getCount += 1
      const res = await app.inject({ method: req.method, url: req.url, headers: { ...headers, ...(req.csv ? { accept: 'text/csv' } : {}) } })
      status = res.statusCode
      const route = req.route
      if (status === 200 && who._tag === 'role' && req.method === 'GET' && !routeAllows('GET', route, who.role)) {
        invalidAccepted += 1
        note(`${req.method} ${req.url.slice(0, 200)} answered 200 to ${who.role}`)
      }
      if (status === 200 && who._tag === 'raw' && route !== undefined && !['/health', '/ready', '/docs'].includes(route)) {
        invalidAccepted += 1
        note(`${req.method} ${req.url.slice(0, 200)} answered 200 to ${who.header}`)
      }
    }
    statuses.set(status, (statuses.get(status) ?? 0) + 1)
    if (status >= 500) {
      serverErrors += 1
      note(`${status} for ${kind} ${JSON.stringify(input).slice(0, 300)}`)
    }
  }
  const apiMs = performance.now() - started

  // The decoder on its own: the remaining inputs as single lines.
  const lines = fc.sample(factLine, { seed: seed + 1, numRuns: inputs - requests.length })
  let decoderThrows = 0
  let decoderAccepted = 0
  let decoderBadAccepted = 0
  for (const [i, line] of lines.entries()) {
    try {
      const decoded = decodeFactLine(line, i + 1)
      if (E.isRight(decoded) && !isBlankLine(line)) {
        decoderAccepted += 1
        const problem = acceptedLineProblem(decoded.right)
        if (problem !== undefined) {
          decoderBadAccepted += 1
          note(`decoder accepted a line with ${problem}`)
        }
      }
    } catch {
      decoderThrows += 1
    }
  }
  await app.close()
  await opened.close()

  const canaryHits = logs.filter((line) => CANARY_VALUES.some((v) => line.includes(v))).length
  const invariants = new Invariants()
  invariants.check(serverErrors === 0, `${serverErrors} answers were 5xx`)
  invariants.check(invalidAccepted === 0, `${invalidAccepted} requests were accepted that should not have been`)
  invariants.check(crashes === 0 && decoderThrows === 0, `${crashes} uncaught errors, ${decoderThrows} decoder throws`)
  invariants.check(decoderBadAccepted === 0, `${decoderBadAccepted} lines the decoder accepted carry forbidden text or dates`)
  invariants.check(canaryHits === 0, `${canaryHits} log lines carry a canary value`)
  for (const e of examples) process.stderr.write(`example: ${e}\n`)
  printFigures('I1 fuzz (N tier)', `${inputs} inputs, seed ${seed}`, [
    ['POST /facts / GET and other requests', `${postCount} / ${getCount} in ${seconds(apiMs)}`],
    ['statuses', [...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(' ')],
    ['batches written (valid, ingest role)', written],
    ['invalid accepted', invalidAccepted],
    ['5xx', serverErrors],
    ['crashes (uncaught, decoder throws)', crashes + decoderThrows],
    ['decoder: lines / accepted / accepted but unclean', `${lines.length} / ${decoderAccepted} / ${decoderBadAccepted}`],
    ['log lines / canary hits', `${logs.length} / ${canaryHits}`],
  ])
  invariants.finish(`${inputs} inputs, ${invalidAccepted} invalid accepted, ${serverErrors} 5xx, ${crashes + decoderThrows} crashes`)
}

main().catch((error: unknown) => {
  process.stderr.write(`fuzz: ${(error as Error).stack ?? String(error)}\n`)
  process.exitCode = 2
})
