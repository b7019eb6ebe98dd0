/**
 * `early-warning ingest` runs a batch again when the database failed it for
 * a passing reason (RELIABILITY R4), and stops at once for any other. A
 * test-only deferred trigger on `ingest_run` fails the COMMIT: with 40001 the
 * first time only (a sequence counts attempts, since it is not rolled back),
 * or with 22P02 every time.
 */
import t from 'tap'
import { readFileSync } from 'node:fs'
import * as E from 'fp-ts/Either'
import { sql } from 'kysely'
import { migrateToLatest } from '../../storage/migrations/migrate-to-latest'
import { cliDatabaseEnv, openCliDatabase } from './cli-database-env'
import { runInProcess } from './run-in-process'

const facts = readFileSync('fixtures/scenarios/repeat-missing.ndjson', 'utf8')
const other = readFileSync('fixtures/scenarios/first-time-entrant.ndjson', 'utf8')

/**
 * Migrates (a no-op the second time), then installs the fault: `sqlstate` on
 * the next `times` commits. One database for the file: a fresh embedded one
 * takes long to create.
 */
const withCommitFault = async (env: Record<string, string>, sqlstate: string, times: number): Promise<void> => {
  const opened = await openCliDatabase(env)
  try {
    if (env['EW_DATABASE_SCHEMA'] !== undefined) await sql`CREATE SCHEMA IF NOT EXISTS ${sql.id(env['EW_DATABASE_SCHEMA'])}`.execute(opened.db)
    const migrated = await migrateToLatest(opened.db)
    if (E.isLeft(migrated)) throw new Error(migrated.left.message)
    await sql`DROP TRIGGER IF EXISTS fail_commit ON ingest_run`.execute(opened.db)
    await sql`DROP SEQUENCE IF EXISTS commit_attempts`.execute(opened.db)
    await sql`TRUNCATE ingest_run`.execute(opened.db)
    await sql`CREATE SEQUENCE commit_attempts`.execute(opened.db)
    await sql`
      CREATE OR REPLACE FUNCTION fail_commit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF nextval('commit_attempts') <= ${sql.lit(times)} THEN
          RAISE EXCEPTION 'injected' USING ERRCODE = ${sql.lit(sqlstate)};
        END IF;
        RETURN NULL;
      END
      $$
    `.execute(opened.db)
    await sql`
      CREATE CONSTRAINT TRIGGER fail_commit AFTER INSERT ON ingest_run
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fail_commit()
    `.execute(opened.db)
  } finally {
    await opened.close()
  }
}

/** Commits attempted (the fault's counter) and batches stored. */
const attemptsAndRuns = async (env: Record<string, string>): Promise<{ attempts: string; runs: string }> => {
  const opened = await openCliDatabase(env)
  try {
    const { rows } = await sql<{ attempts: string; runs: string }>`
      SELECT (SELECT last_value::text FROM commit_attempts) AS attempts, (SELECT count(*)::text FROM ingest_run) AS runs
    `.execute(opened.db)
    return rows[0] ?? { attempts: '?', runs: '?' }
  } finally {
    await opened.close()
  }
}

const env = cliDatabaseEnv(t, 'retry')

t.test('a serialization failure at commit is retried and the batch is written once', async (t) => {
  await withCommitFault(env, '40001', 1)
  const run = await runInProcess(['ingest', '-'], { env, stdin: facts })
  t.equal(run.code, 0, 'the command succeeds')
  t.match(run.stderr, /the database failed the batch \(40001\); attempt 2 in \d+ ms/, 'the retry is announced with its code')
  t.match(run.stdout, /^ingested \d+ line\(s\): [1-9]\d* inserted/, 'the second attempt wrote the batch')
  t.same(await attemptsAndRuns(env), { attempts: '2', runs: '1' }, 'two commits attempted, the batch stored once')
})

t.test('a permanent error is not retried: one attempt, nothing written', async (t) => {
  await withCommitFault(env, '22P02', 1000)
  await t.rejects(runInProcess(['ingest', '-'], { env, stdin: other }), { code: '22P02' }, 'the command fails with the error')
  t.same(await attemptsAndRuns(env), { attempts: '1', runs: '0' }, 'after one commit attempt, with nothing stored')
})
