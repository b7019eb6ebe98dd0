/**
 * The one place where the service is wired (HMPPS `services/index.ts`):
 * configuration, logger, database, rule set, the engine glue and storage
 * behind the app's ports. Nothing else in api/ opens a database, reads files
 * or the environment.
 *
 * Refuses (with every reason, each naming what to fix, never a secret's
 * value) when a secret is missing, the rule set does not load, or the
 * database cannot be opened or migrated.
 */
import * as E from 'fp-ts/Either'
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import type { Config } from '../config/config'
import { loadRuleSet, defaultRulesDir, formatRuleSetProblem } from '../rules-loader/load-rule-set'
import type { RuleSet } from '../engine/rule-set/rule-set'
import type { Database } from '../storage/database/database'
import { databaseRefusal } from '../storage/database/database-refused'
import { openDatabase } from '../storage/database/open-database'
import type { OpenedDatabase } from '../storage/database/open-database'
import { migrateToLatest } from '../storage/migrations/migrate-to-latest'
import type { AppDeps } from './app-deps'
import type { Clock } from './clock'
import { systemClock, todayInLondon } from './clock'
import { auditWriterOver } from './audit/audit-store'
import { mergeAuditChildIndex, pendingListUpkeep } from './audit/audit-index-upkeep'
import { engineServices } from './adapters/engine-services'
import { scoreChildrenOver, storageServices } from './adapters/storage-services'
import { storageSource } from './adapters/storage-source'
import { ingestJournal } from './adapters/ingest-journal'
import { dedicatedPing } from './adapters/database-ping'
import { DEFAULT_PRESSURE } from './http/pressure'

export interface Composition {
  readonly deps: AppDeps
  /** Computes today's date-only cohorts in the background, so that the first cohort page is quick. */
  readonly warmUp: () => Promise<void>
  /** Closes the database; call only after the HTTP server has drained. */
  readonly close: () => Promise<void>
}

export type AppDepsWithWarmUp = AppDeps & {
  readonly warmUp: () => Promise<void>
  /** Resolves once the audit index's upkeep has nothing running (./audit/audit-index-upkeep): before the database closes. */
  readonly auditUpkeepSettled: () => Promise<void>
}

/** The app's dependencies over an open database (tests call this with a test database). */
export const appDepsOver = (
  db: Kysely<Database>,
  ruleSet: RuleSet,
  settings: {
    readonly logger: Logger
    readonly config: Pick<Config, 'jwtIssuer' | 'jwtAudience'>
    readonly jwtSecret: string
    readonly pseudonymKey: string
    readonly clock?: Clock
  },
): AppDepsWithWarmUp => {
  const clock = settings.clock ?? systemClock
  const issuer = settings.config.jwtIssuer
  const journal = ingestJournal()
  const { warmCohorts, ...engine } = engineServices(ruleSet, storageSource(db), { journal })
  const auditUpkeep = pendingListUpkeep(mergeAuditChildIndex(db), (err) =>
    settings.logger.warn({ event: 'audit_index_merge_failed', err }, "merging the audit index's pending list failed"),
  )
  return {
    logger: settings.logger,
    jwt: { secret: settings.jwtSecret, issuer, audience: settings.config.jwtAudience },
    pseudonymKey: settings.pseudonymKey,
    clock,
    writeAudit: auditWriterOver(db, issuer, auditUpkeep),
    ruleSet,
    services: {
      ...engine,
      ...storageServices(db, clock, issuer, scoreChildrenOver(db, ruleSet, clock), settings.logger, journal),
    },
    warmUp: () => warmCohorts(todayInLondon(clock)),
    auditUpkeepSettled: auditUpkeep.settled,
  }
}

const missingSecrets = (config: Config): readonly string[] => [
  ...(config.jwtSecret === undefined ? ['configuration: EW_JWT_SECRET must be set to serve (at least 32 bytes)'] : []),
  ...(config.pseudonymKey === undefined ? ['configuration: EW_PSEUDONYM_KEY must be set to serve (at least 32 bytes)'] : []),
]

/**
 * PostgreSQL connections the server keeps open through a quiet spell: a
 * lookup reads the child and writes its audit row, and after 10 s with no
 * request the pool had closed every connection, so the next MASH lookup
 * opened them again (about 4 ms each on loopback, 21 ms at worst; a lookup
 * 11 s after the one before took 13–20 ms against 5–12 ms a second after).
 */
const SERVER_KEEPS_OPEN = 2

export const compose = async (
  config: Config,
  logger: Logger,
  options: { readonly rulesDir?: string; readonly clock?: Clock } = {},
): Promise<E.Either<readonly string[], Composition>> => {
  const secrets = missingSecrets(config)
  const ruleSet = loadRuleSet(options.rulesDir ?? defaultRulesDir())
  const problems = [...secrets, ...(E.isLeft(ruleSet) ? ruleSet.left.map(formatRuleSetProblem) : [])]
  if (problems.length > 0 || E.isLeft(ruleSet) || config.jwtSecret === undefined || config.pseudonymKey === undefined) {
    return E.left(problems)
  }
  let opened: OpenedDatabase
  try {
    opened = await openDatabase({
      ...(config.databaseUrl === undefined ? {} : { databaseUrl: config.databaseUrl }),
      ...(config.databaseSchema === undefined ? {} : { schema: config.databaseSchema }),
      dataDir: config.dataDir,
      onPoolError: (event) => logger.error({ event: 'db_pool_error', code: event.code ?? null }, 'database connection error'),
      keepOpen: SERVER_KEEPS_OPEN,
    })
  } catch (err) {
    logger.error({ err }, 'database did not open')
    return E.left(['database: could not be opened (see the log for the error code)'])
  }
  let migrated: Awaited<ReturnType<typeof migrateToLatest>>
  try {
    migrated = await migrateToLatest(opened.db)
  } catch (err) {
    // The pool connects on first use: a wrong database, role or password shows here, and is the setting's fault.
    const refusal = databaseRefusal(err)
    if (refusal === undefined) throw err
    await opened.close()
    return E.left([`database: could not be opened: ${refusal}`])
  }
  if (E.isLeft(migrated)) {
    await opened.close()
    return E.left([`database: migration ${migrated.left.migration ?? ''} failed (${migrated.left.code ?? 'no code'})`])
  }
  const { warmUp, auditUpkeepSettled, ...pooled } = appDepsOver(opened.db, ruleSet.right, {
    logger,
    config,
    jwtSecret: config.jwtSecret,
    pseudonymKey: config.pseudonymKey,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
  })
  // A server gets a readiness ping of its own (./adapters/database-ping); embedded PGlite has one connection anyway.
  const ping = config.databaseUrl === undefined ? undefined : dedicatedPing(config.databaseUrl)
  const deps: AppDeps = {
    ...pooled,
    pressure: DEFAULT_PRESSURE,
    ...(ping === undefined ? {} : { services: { ...pooled.services, ping: ping.ping } }),
  }
  logger.info(
    { event: 'composed', engine: opened.engine, ruleSet: ruleSet.right.id, version: ruleSet.right.version, hash: ruleSet.right.hash },
    'service composed',
  )
  return E.right({
    deps,
    warmUp,
    close: async () => {
      await ping?.close()
      await auditUpkeepSettled()
      await opened.close()
    },
  })
}
