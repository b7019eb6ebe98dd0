/**
 * The environment a CLI test runs its commands in: a PGlite data folder of the
 * test's own (made from the kept initdb before the file's first test, as
 * initdb would leave it) or, with DATABASE_URL, the real server in a schema
 * of the test's own, dropped when the test ends.
 */
import { randomBytes } from 'node:crypto'
import { Client } from 'pg'
import type { Test } from 'tap'
import { openDatabase, type OpenedDatabase } from '../../storage/database/open-database'
import { prepareDataDir } from '../helpers/pglite-template'

export const cliDatabaseEnv = (t: Pick<Test, 'testdir' | 'teardown' | 'before'>, prefix: string): Record<string, string> => {
  const url = process.env['DATABASE_URL']
  if (url === undefined || url === '') {
    const dataDir = t.testdir({})
    t.before(() => prepareDataDir(dataDir))
    return { EW_DATA_DIR: dataDir }
  }
  const schema = `${prefix}_${randomBytes(5).toString('hex')}`
  t.teardown(async () => {
    const client = new Client({ connectionString: url })
    await client.connect()
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
    await client.end()
  })
  return { DATABASE_URL: url, EW_DATABASE_SCHEMA: schema }
}

/** The database a CLI test's commands use, opened by the test itself (to set it up or look inside). */
export const openCliDatabase = (env: Readonly<Record<string, string>>): Promise<OpenedDatabase> =>
  openDatabase(
    env['DATABASE_URL'] === undefined
      ? { dataDir: env['EW_DATA_DIR'] ?? '' }
      : { databaseUrl: env['DATABASE_URL'], ...(env['EW_DATABASE_SCHEMA'] === undefined ? {} : { schema: env['EW_DATABASE_SCHEMA'] }) },
  )
