/**
 * An isolated, migrated database for one test.
 *
 * - With `DATABASE_URL` set: the real server, in a fresh schema with a random
 *   name, dropped when the test ends (tap runs files in parallel, so tests
 *   never share tables).
 * - Otherwise: embedded PGlite in memory. Starting PGlite takes seconds, so a
 *   test file starts one (from a kept initdb, ./pglite-template) and gives
 *   each test its own schema in it; the session closes when the file's tests
 *   end.
 */
import { randomBytes } from 'node:crypto'
import * as E from 'fp-ts/Either'
import { sql, type Kysely } from 'kysely'
import tap from 'tap'
import type { Database } from '../../storage/database/database'
import { openDatabase, openOnPglite, type OpenedDatabase } from '../../storage/database/open-database'
import { migrateToLatest } from '../../storage/migrations/migrate-to-latest'
import { startTestPglite } from './pglite-template'

/** The part of a tap test this helper uses. */
export interface TestWithTeardown {
  teardown(fn: () => unknown): void
}

type SharedPglite = Awaited<ReturnType<typeof startTestPglite>>

let shared: Promise<SharedPglite> | undefined

const sharedPglite = (): Promise<SharedPglite> => {
  if (shared === undefined) {
    const started = startTestPglite()
    shared = started
    tap.teardown(async () => {
      await (await started).close()
    })
  }
  return shared
}

export const testDatabaseUrl = (): string | undefined => {
  const url = process.env['DATABASE_URL']
  return url === undefined || url === '' ? undefined : url
}

const randomSchemaName = (): string => `test_${randomBytes(6).toString('hex')}`

/** Opens (without migrating) an empty schema of its own; dropped at teardown. */
export const openEmptyTestDatabase = async (t: TestWithTeardown): Promise<OpenedDatabase> => {
  const schema = randomSchemaName()
  const url = testDatabaseUrl()
  const opened =
    url === undefined ? openOnPglite(await sharedPglite(), schema) : await openDatabase({ databaseUrl: url, schema })
  await sql`CREATE SCHEMA ${sql.id(schema)}`.execute(opened.db)
  t.teardown(async () => {
    await sql`DROP SCHEMA ${sql.id(schema)} CASCADE`.execute(opened.db)
    await opened.close()
  })
  return opened
}

export const openTestDatabase = async (t: TestWithTeardown): Promise<Kysely<Database>> => {
  const { db } = await openEmptyTestDatabase(t)
  const migrated = await migrateToLatest(db)
  if (E.isLeft(migrated)) throw new Error(`test database migration failed: ${migrated.left.message}`)
  return db
}

export const withTestDatabase = async <A>(
  t: TestWithTeardown,
  fn: (db: Kysely<Database>) => Promise<A>,
): Promise<A> => fn(await openTestDatabase(t))
