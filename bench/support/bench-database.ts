/**
 * A database of the script's own on a PostgreSQL server, with a random name
 * (`<prefix>_<hex>`), migrated, and dropped by the cleanup (../support/cleanup)
 * at the end, on failure and on Ctrl-C. Its own database, not a schema in the
 * tests' one: ingest takes a per-database advisory lock, and a city's ingest
 * would otherwise hold up every test that ingests.
 */
import { randomBytes } from 'node:crypto'
import * as E from 'fp-ts/Either'
import type { Kysely } from 'kysely'
import { Client } from 'pg'
import type { Database } from '../../storage/database/database'
import { openDatabase } from '../../storage/database/open-database'
import { migrateToLatest } from '../../storage/migrations/migrate-to-latest'
import { onCleanup } from './cleanup'

export const DEFAULT_ADMIN_URL = 'postgres://root@127.0.0.1:5432/test'

export interface BenchDatabase {
  readonly name: string
  /** DATABASE_URL for the server under test. */
  readonly url: string
  /** The script's own pool into it. */
  readonly db: Kysely<Database>
  /** The server's version, and ", autovacuum off" when it is: the figures depend on it (bench/HISTORY.md, 2026-11-27). */
  readonly serverVersion: string
  /** Runs one statement on a connection of its own (not the pool), e.g. to count audit rows. */
  query<R extends Record<string, unknown>>(text: string, values?: readonly unknown[]): Promise<readonly R[]>
}

export const urlWithDatabase = (url: string, database: string): string => {
  const parsed = new URL(url)
  parsed.pathname = `/${database}`
  return parsed.toString()
}

export const withClient = async <A>(url: string, work: (client: Client) => Promise<A>): Promise<A> => {
  const client = new Client({ connectionString: url, application_name: 'early-warning-bench' })
  // A server going away under the script must not end it: the query that was waiting fails instead.
  client.on('error', () => undefined)
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end().catch(() => undefined)
  }
}

/** The server's version, and ", autovacuum off" when it is (BenchDatabase.serverVersion). */
export const serverVersionOf = async (client: Client): Promise<string> => {
  const { rows } = await client.query<{ version: string; autovacuum: string }>(
    "SELECT current_setting('server_version') AS version, current_setting('autovacuum') AS autovacuum",
  )
  const row = rows[0]
  return row === undefined ? 'unknown' : `${row.version}${row.autovacuum === 'off' ? ', autovacuum off' : ''}`
}

export const openBenchDatabase = async (adminUrl: string, prefix: string): Promise<BenchDatabase> => {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`
  const serverVersion = await withClient(adminUrl, async (admin) => {
    await admin.query(`CREATE DATABASE ${name}`)
    return serverVersionOf(admin)
  })
  const url = urlWithDatabase(adminUrl, name)
  const dropDatabase = onCleanup(`drop database ${name}`, () =>
    withClient(adminUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  )
  const opened = await openDatabase({ databaseUrl: url })
  onCleanup(`close the pool into ${name}`, () => opened.close())
  const migrated = await migrateToLatest(opened.db)
  if (E.isLeft(migrated)) {
    await dropDatabase()
    throw new Error(`migration of ${name} failed (${migrated.left.code ?? 'no code'})`)
  }
  return {
    name,
    url,
    db: opened.db,
    serverVersion,
    query: (text, values) => withClient(url, async (c) => (await c.query(text, values === undefined ? [] : [...values])).rows),
  }
}
