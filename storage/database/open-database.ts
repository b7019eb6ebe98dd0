/**
 * Opens the database (SPEC §7): a PostgreSQL server when a URL is given,
 * otherwise embedded PGlite in a local folder. Both give the same
 * `Kysely<Database>` and return DATE, timestamptz and int8 the same way, so
 * everything above this file runs one code path on either.
 */
import { existsSync, mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { Kysely, PostgresDialect, type DatabaseIntrospector } from 'kysely'
import type { Database } from './database'
import { createPgPool, type PoolErrorEvent } from './pg-pool'
import { PgliteDialect, type PgliteSession } from './pglite-dialect'
import { checkedSchemaName } from './schema-name'
import { SchemaScopedIntrospector } from './schema-scoped-introspector'
import { TYPE_PARSERS } from './type-parsers'

export const DEFAULT_DATA_DIR = './.data'

export interface OpenDatabaseOptions {
  /** PostgreSQL connection string; absent: embedded PGlite. */
  readonly databaseUrl?: string
  /** PGlite's folder (default `./.data`); `memory://` keeps it in memory. */
  readonly dataDir?: string
  /** Every connection uses this search_path (tests isolate themselves this way). */
  readonly schema?: string
  /** Told about errors of idle pooled connections (code only); the default writes the code to stderr. */
  readonly onPoolError?: (event: PoolErrorEvent) => void
  /** PostgreSQL connections kept open while idle (./pg-pool); PGlite has one session anyway. */
  readonly keepOpen?: number
}

export interface OpenedDatabase {
  readonly db: Kysely<Database>
  readonly engine: 'postgres' | 'pglite'
  close(): Promise<void>
}

/** Kysely's PostgreSQL dialect with an introspector that other schemas cannot fail (./schema-scoped-introspector). */
class SchemaScopedPostgresDialect extends PostgresDialect {
  override createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new SchemaScopedIntrospector(db)
  }
}

const reportPoolError = (event: PoolErrorEvent): void => {
  process.stderr.write(`${JSON.stringify({ msg: 'database connection error', code: event.code ?? null })}\n`)
}

/**
 * Starts an embedded PostgreSQL with our type parsers. `loadDataDir`: a data
 * directory dumped by PGlite to start from instead of running initdb.
 */
/**
 * Makes a folder and any missing parents, one at a time from the top. Node's
 * own `recursive` spins for ever when a parent exists but refuses the child
 * with ENOENT (`EW_DATA_DIR=/proc/x`); one at a time, that is an error.
 */
export const makeFolder = (dir: string): void => {
  const missing: string[] = []
  for (let at = resolve(dir); !existsSync(at); at = dirname(at)) {
    missing.unshift(at)
    if (dirname(at) === at) break
  }
  for (const folder of missing) mkdirSync(folder)
}

export const createPglite = async (dataDir: string, loadDataDir?: Blob): Promise<PGlite> => {
  if (!dataDir.includes('://')) makeFolder(dataDir)
  return PGlite.create(dataDir, { parsers: { ...TYPE_PARSERS }, ...(loadDataDir === undefined ? {} : { loadDataDir }) })
}

/** A Kysely over an already running PGlite session; the caller keeps ownership of the session. */
export const openOnPglite = (session: PgliteSession, schema?: string): OpenedDatabase => {
  const db = new Kysely<Database>({
    dialect: new PgliteDialect({
      session,
      closeOnDestroy: false,
      ...(schema === undefined ? {} : { schema: checkedSchemaName(schema) }),
    }),
  })
  return { db, engine: 'pglite', close: () => db.destroy() }
}

export const openDatabase = async (options: OpenDatabaseOptions = {}): Promise<OpenedDatabase> => {
  const schema = options.schema === undefined ? undefined : checkedSchemaName(options.schema)
  if (options.databaseUrl !== undefined) {
    const pool = createPgPool({
      connectionString: options.databaseUrl,
      onPoolError: options.onPoolError ?? reportPoolError,
      ...(schema === undefined ? {} : { schema }),
      ...(options.keepOpen === undefined ? {} : { keepOpen: options.keepOpen }),
    })
    // Kysely's destroy ends the pool.
    const db = new Kysely<Database>({ dialect: new SchemaScopedPostgresDialect({ pool }) })
    return { db, engine: 'postgres', close: () => db.destroy() }
  }
  const session = await createPglite(options.dataDir ?? DEFAULT_DATA_DIR)
  const db = new Kysely<Database>({
    dialect: new PgliteDialect({ session, closeOnDestroy: true, ...(schema === undefined ? {} : { schema }) }),
  })
  return { db, engine: 'pglite', close: () => db.destroy() }
}
