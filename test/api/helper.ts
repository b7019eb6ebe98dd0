/**
 * The one way API tests build the app: `buildTestApp()` gives an app wired to
 * in-memory ports (or to the ones a test passes), a fixed clock, an audit log
 * held in an array, and every log line captured as text for assertions.
 */
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../api/app'
import type { AppDeps, RateLimitSettings } from '../../api/app-deps'
import type { AuditEntry, WriteAudit } from '../../api/audit/audit-entry'
import type { ApiServices } from '../../api/services'
import { createLogger } from '../../api/logging/logger'
import { fixedClock } from '../../api/clock'
import type { Clock } from '../../api/clock'
import type { PressureSettings } from '../../api/http/pressure'
import { signHs256 } from '../../api/auth/hs256'
import type { Role } from '../../api/auth/roles'
import type { RuleSet } from '../../engine/rule-set/rule-set'
import { STAND_IN_RULE_SET } from './fixtures/rule-set'
import * as E from 'fp-ts/Either'
import { loadRuleSet } from '../../rules-loader/load-rule-set'
import { engineServices } from '../../api/adapters/engine-services'
import type { ChildSource } from '../../api/adapters/child-source'
import { memorySource } from './fixtures/memory-source'
import { CANARY_FACTS, CANARY_VALUES } from './fixtures/canary-city'
import tap from 'tap'
import type { Kysely } from 'kysely'
import type { Database } from '../../storage/database/database'
import { openTestDatabase, type TestWithTeardown } from '../helpers/database'
import { appDepsOver } from '../../api/composition-root'
import { decodeBatch } from '../../engine/batch/decode-batch'
import { ingestBatch } from '../../storage/ingest/ingest-batch'

export const TEST_SECRET = 'test-secret-that-is-at-least-32-bytes-long!'
export const TEST_ISSUER = 'early-warning'
export const TEST_AUDIENCE = 'early-warning'
export const TEST_PSEUDONYM_KEY = 'test-pseudonym-key-that-is-32-bytes-long!!'
export const TEST_NOW = '2026-11-24T10:00:00Z'

const notWired = (name: string) => async (): Promise<never> => {
  throw new Error(`${name} is not wired in this test`)
}

export const unwiredServices: ApiServices = {
  ping: async () => undefined,
  findChildren: notWired('findChildren'),
  childFacts: notWired('childFacts'),
  evaluate: notWired('evaluate'),
  inCohort: notWired('inCohort'),
  cohort: notWired('cohort'),
  ingest: notWired('ingest'),
  auditLog: notWired('auditLog'),
  unmatched: notWired('unmatched'),
}

export interface TestApp {
  readonly app: FastifyInstance
  /** Every log line written so far, as JSON text. */
  readonly logs: string[]
  readonly audit: AuditEntry[]
  readonly clock: Clock
}

export interface TestAppOptions {
  readonly services?: Partial<ApiServices>
  readonly writeAudit?: WriteAudit
  readonly rateLimit?: RateLimitSettings
  readonly now?: string
  readonly ruleSet?: RuleSet
  /** A shared array that also receives every log line (the canary test gathers a whole suite's logs). */
  readonly logSink?: string[]
  /** Load shedding (off unless a test asks for it: tests block the event loop themselves). */
  readonly pressure?: PressureSettings
}

/** Every log line of every app this test file builds. */
const fileLogs: string[] = []
let canaryCheckQueued = false

/**
 * RELIABILITY L1 for the whole API suite: the first app a test file builds
 * queues one last test in that file, which scans every log line the file
 * produced for the canary city's names, dates of birth and identifiers.
 */
const queueCanaryCheck = (): void => {
  if (canaryCheckQueued) return
  canaryCheckQueued = true
  // Deferred until the test file has defined all its top-level tests, so this one runs last.
  setImmediate(() =>
    tap.test('no log line of this file carries a canary value (RELIABILITY L1)', async (t) => {
      const hits = fileLogs.filter((line) => CANARY_VALUES.some((value) => line.includes(value)))
      t.same(hits, [], 'no canary name, date of birth or identifier in the logs')
      t.comment(`${fileLogs.length} lines scanned, ${hits.length} canary hits`)
    }),
  )
}

/** A logger whose every line lands in `logs` (and in `sink`, when given). */
export const captureLogger = (logs: string[], sink?: string[]) => {
  queueCanaryCheck()
  return createLogger('info', {
    write: (line: string) => {
      logs.push(line)
      fileLogs.push(line)
      sink?.push(line)
    },
  })
}

export const buildTestApp = async (options: TestAppOptions = {}): Promise<TestApp> => {
  const logs: string[] = []
  const audit: AuditEntry[] = []
  const clock = fixedClock(options.now ?? TEST_NOW)
  const logger = captureLogger(logs, options.logSink)
  const deps: AppDeps = {
    logger,
    jwt: { secret: TEST_SECRET, issuer: TEST_ISSUER, audience: TEST_AUDIENCE },
    pseudonymKey: TEST_PSEUDONYM_KEY,
    clock,
    writeAudit:
      options.writeAudit ??
      (async (entry) => {
        audit.push(entry)
      }),
    ruleSet: options.ruleSet ?? STAND_IN_RULE_SET,
    services: { ...unwiredServices, ...options.services },
    rateLimit: options.rateLimit ?? { max: 10_000, windowMs: 60_000 },
    ...(options.pressure === undefined ? {} : { pressure: options.pressure }),
  }
  const app = await buildApp(deps)
  await app.ready()
  return { app, logs, audit, clock }
}

export interface TokenOptions {
  readonly sub?: string
  readonly claims?: Record<string, unknown>
  readonly secret?: string
}

/** A valid token for a role (now = real time, since fast-jwt checks expiry against the real clock). */
export const tokenFor = (role: Role, options: TokenOptions = {}): string => {
  const iat = Math.floor(Date.now() / 1000)
  return signHs256(
    { iss: TEST_ISSUER, aud: TEST_AUDIENCE, sub: options.sub ?? `user-${role}`, role, iat, exp: iat + 600, ...options.claims },
    options.secret ?? TEST_SECRET,
  )
}

export const bearer = (role: Role, options?: TokenOptions): Record<string, string> => ({
  authorization: `Bearer ${tokenFor(role, options)}`,
})

/** Parsed log lines. */
export const logRecords = (logs: readonly string[]): Record<string, unknown>[] =>
  logs.map((line) => JSON.parse(line) as Record<string, unknown>)

let defaultRuleSet: RuleSet | undefined

/** The shipped rule set (rules/), loaded once per test file. */
export const shippedRuleSet = (): RuleSet => {
  if (defaultRuleSet === undefined) {
    const loaded = loadRuleSet()
    if (E.isLeft(loaded)) throw new Error('rules/ does not load')
    defaultRuleSet = loaded.right
  }
  return defaultRuleSet
}

/**
 * The app over the canary city (./fixtures/canary-city), the shipped rule set
 * and the real engine glue; `source` replaces the in-memory children (the
 * storage-backed tests pass one over a test database).
 */
export const buildCityApp = async (options: TestAppOptions & { readonly source?: ChildSource } = {}): Promise<TestApp> => {
  const ruleSet = options.ruleSet ?? shippedRuleSet()
  const source = options.source ?? memorySource(CANARY_FACTS)
  return buildTestApp({ ...options, ruleSet, services: { ...engineServices(ruleSet, source), ...options.services } })
}

export interface StoredTestApp extends TestApp {
  readonly db: Kysely<Database>
}

/**
 * The production wiring (composition root's `appDepsOver`) over a fresh test
 * database (test/helpers/database.ts: PGlite, or the server when DATABASE_URL
 * is set), with the canary city ingested unless `facts` says otherwise.
 * `audit` stays empty: the audit is in the database's `audit_event` table.
 */
export const buildStoredApp = async (
  t: TestWithTeardown,
  options: { readonly facts?: readonly string[]; readonly logSink?: string[]; readonly now?: string } = {},
): Promise<StoredTestApp> => {
  const db = await openTestDatabase(t)
  const logs: string[] = []
  const clock = fixedClock(options.now ?? TEST_NOW)
  const deps = appDepsOver(db, shippedRuleSet(), {
    logger: captureLogger(logs, options.logSink),
    config: { jwtIssuer: TEST_ISSUER, jwtAudience: TEST_AUDIENCE },
    jwtSecret: TEST_SECRET,
    pseudonymKey: TEST_PSEUDONYM_KEY,
    clock,
  })
  const facts = options.facts ?? CANARY_FACTS
  if (facts.length > 0) {
    const decoded = decodeBatch(facts)
    if (E.isLeft(decoded)) throw new Error('bad test facts')
    const ingested = await ingestBatch(db, decoded.right, { receivedAt: TEST_NOW, label: 'test' })
    if (E.isLeft(ingested)) throw new Error('test facts refused by storage')
  }
  const app = await buildApp({ ...deps, rateLimit: { max: 10_000, windowMs: 60_000 } })
  await app.ready()
  t.teardown(() => app.close())
  return { app, logs, audit: [], clock, db }
}
