/**
 * Opens the database the configuration names (PostgreSQL with DATABASE_URL,
 * else the embedded PGlite in EW_DATA_DIR) and migrates it: every command that
 * needs the database starts here.
 */
import * as E from 'fp-ts/Either'
import { sql } from 'kysely'
import { formatConfigProblem, readConfig, type Config } from '../config/config'
import { openDatabase, type OpenedDatabase } from '../storage/database/open-database'
import { databaseRefusal } from '../storage/database/database-refused'
import { isDatabaseUnavailable } from '../storage/database/database-unavailable'
import { isTransientDatabaseError, withTransientRetry } from '../storage/database/transient-retry'
import { migrateToLatest, type MigrationFailed, type MigrationReport } from '../storage/migrations/migrate-to-latest'
import type { CliIo } from './cli-io'

export interface OpenStore {
  readonly config: Config
  readonly store: OpenedDatabase
  readonly migrations: MigrationReport
}

export const openStore = async (io: Pick<CliIo, 'env' | 'stderr'>): Promise<E.Either<readonly string[], OpenStore>> => {
  const config = readConfig(io.env)
  if (E.isLeft(config)) return E.left(config.left.map(formatConfigProblem))
  const { databaseUrl, dataDir, databaseSchema } = config.right
  let store: OpenedDatabase
  try {
    store = await openDatabase({
      ...(databaseUrl === undefined ? { dataDir } : { databaseUrl }),
      ...(databaseSchema === undefined ? {} : { schema: databaseSchema }),
    })
  } catch (error) {
    // The driver's message may hold the connection string; say only what failed, and which setting names it.
    const setting = databaseUrl === undefined ? `the embedded database in EW_DATA_DIR (${dataDir})` : 'the database at DATABASE_URL'
    return E.left([`${setting} could not be opened (${(error as { code?: string }).code ?? (error as Error).name})`])
  }
  let migrated: E.Either<MigrationFailed, MigrationReport>
  try {
    if (databaseSchema !== undefined) await sql`CREATE SCHEMA IF NOT EXISTS ${sql.id(databaseSchema)}`.execute(store.db)
    migrated = await migrateRetrying(store)
  } catch (error) {
    await store.close()
    // The pool connects on first use: a wrong database, role or password shows here, and is the setting's fault, not a bug.
    const refusal = databaseRefusal(error)
    if (refusal !== undefined) return E.left([`the database could not be opened: ${refusal}`])
    throw error
  }
  if (E.isLeft(migrated)) {
    await store.close()
    // Still away after the retries: cli/main says so and exits 75, as for any command.
    if (isDatabaseUnavailable(migrated.left)) throw migrated.left
    const which = migrated.left.migration === undefined ? 'the migrator' : `migration ${migrated.left.migration}`
    return E.left([`${which} failed (${migrated.left.code ?? 'error'})`])
  }
  return E.right({ config: config.right, store, migrations: migrated.right })
}

const isMigrationFailed = (x: unknown): x is MigrationFailed => (x as { _tag?: unknown } | null)?._tag === 'MigrationFailed'

/**
 * A restart or a terminated backend can meet the migrator as it can any
 * transaction (RELIABILITY R4): it is run again the same way (migrations are
 * idempotent: applied ones are skipped).
 */
const migrateRetrying = (store: OpenedDatabase): Promise<E.Either<MigrationFailed, MigrationReport>> =>
  withTransientRetry(async () => {
    const migrated = await migrateToLatest(store.db)
    if (E.isLeft(migrated) && isTransientDatabaseError(migrated.left)) throw migrated.left
    return migrated
  }).catch((failure: unknown) => {
    if (isMigrationFailed(failure)) return E.left(failure)
    throw failure
  })

/** Runs `work` over an open, migrated store and always closes it. */
export const withStore = async (
  io: Pick<CliIo, 'env' | 'stderr'>,
  work: (opened: OpenStore) => Promise<number>,
): Promise<number> => {
  const opened = await openStore(io)
  if (E.isLeft(opened)) {
    for (const line of opened.left) io.stderr.write(`${line}\n`)
    return 1
  }
  try {
    return await work(opened.right)
  } finally {
    await opened.right.store.close()
  }
}
