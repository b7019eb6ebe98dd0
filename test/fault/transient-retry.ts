/**
 * RELIABILITY R4: transient errors are retried, others never.
 *
 *   npm run build && npm run fault:transient-retry -- [--batches 1000] [--children 1000] [--clients 4] [--rate 0.2] [--cli-batches 10]
 *
 * In a private cluster, a test-only deferred constraint trigger (its
 * function in a schema of its own, `ew_fault`) on `ingest_run` fails the
 * COMMIT of a batch with 40001 or 40P01 at the given rate, and a side loop
 * terminates (pg_terminate_backend, 57P01) a busy ingest backend now and
 * then. The city's lines go in as small batches through `ingestBatch`
 * wrapped in `withTransientRetry` (the production defaults: 5 attempts,
 * 50 ms base, 2 s cap, full jitter), from concurrent clients; a few batches
 * also through the `early-warning ingest` command, which retries the same
 * way. Batches labelled `poison-23505` / `poison-22P02` make the trigger
 * raise those codes: they must fail after one attempt.
 *
 * A backend terminated under a transaction must not kill the process:
 * storage/database/pg-pool.ts keeps an `error` listener on every pooled
 * client (pg-pool drops its own while a client is checked out); uncaught
 * exceptions are counted here and must be 0.
 *
 * A batch that exhausts its attempts is reported and sent again (as its
 * sender would); at 20 % per attempt, about 1,000 × 0.2^5 ≈ 0.3 such
 * batches are expected per run. In the end every batch must be committed,
 * and current facts, children and identifiers must equal a fault-free
 * ingest of the same batches.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import * as E from 'fp-ts/Either'
import { sql, type Kysely } from 'kysely'
import { decodeBatch, type NumberedFact } from '../../engine/batch/decode-batch'
import { generateCity } from '../../fixtures/city/generate-city'
import type { Database } from '../../storage/database/database'
import { openDatabase } from '../../storage/database/open-database'
import { isTransientDatabaseError, transientCode, withTransientRetry } from '../../storage/database/transient-retry'
import { ingestBatch } from '../../storage/ingest/ingest-batch'
import { migrateToLatest } from '../../storage/migrations/migrate-to-latest'
import { assertBuilt, lastLine, runCli } from './support/cli-process'
import { REFERENCE_DATE } from './support/kill-trials'
import { startPrivateCluster, type PrivateCluster } from './support/private-cluster'
import { Invariants, numberOption, printFigures, seconds, stringOption } from './support/report'
import { differingParts, stateDigest } from './support/state-digest'

const faultTrigger = (rate: number) => sql`
  CREATE FUNCTION ew_fault.commit_fault() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF NEW.label LIKE 'poison-%' THEN
      RAISE EXCEPTION 'injected permanent fault' USING ERRCODE = substr(NEW.label, 8);
    END IF;
    IF random() < ${sql.lit(rate)} THEN
      RAISE EXCEPTION 'injected transient fault' USING ERRCODE = CASE WHEN random() < 0.5 THEN '40001' ELSE '40P01' END;
    END IF;
    RETURN NULL;
  END
  $$
`

const openMigrated = async (cluster: PrivateCluster, name: string, onPoolError: () => void): Promise<Kysely<Database>> => {
  await cluster.createDatabase(name)
  const { db } = await openDatabase({ databaseUrl: cluster.url(name), onPoolError })
  const migrated = await migrateToLatest(db)
  if (E.isLeft(migrated)) throw new Error(`migration failed: ${migrated.left.message}`)
  return db
}

/** Terminates one busy ingest backend now and then, until stopped. */
const terminator = (cluster: PrivateCluster, database: string, everyMs: number) => {
  let stopped = false
  let terminated = 0
  const loop = (async () => {
    while (!stopped) {
      await new Promise((resolve) => setTimeout(resolve, everyMs * (0.5 + Math.random())))
      if (stopped) break
      const rows = await cluster.query<{ done: boolean }>(
        `SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity
          WHERE datname = $1 AND application_name = 'early-warning' AND state IN ('active', 'idle in transaction')
          ORDER BY random() LIMIT 1`,
        [database],
      )
      terminated += rows.filter((r) => r.done).length
    }
  })()
  return {
    stop: async (): Promise<number> => {
      stopped = true
      await loop
      return terminated
    },
  }
}

interface Outcome {
  readonly batch: number
  readonly attempts: number
  readonly committed: boolean
  readonly code?: string
}

const main = async (): Promise<void> => {
  const args = process.argv.slice(2)
  const batchCount = numberOption(args, 'batches', 1000)
  const children = numberOption(args, 'children', 1000)
  const clients = numberOption(args, 'clients', 4)
  const rate = numberOption(args, 'rate', 0.2)
  const cliBatches = numberOption(args, 'cli-batches', 10)
  const seed = stringOption(args, 'seed', 'r4')
  // Counted, not fatal, so that the run can say how often it happened.
  let uncaught = 0
  process.on('uncaughtException', (error) => {
    uncaught += 1
    process.stderr.write(`uncaught: ${(error as { code?: string }).code ?? error.message}\n`)
  })
  if (cliBatches > 0) assertBuilt('cli/commands/ingest.ts', 'storage/database/transient-retry.ts')

  const lines = [...generateCity({ children, seed, referenceDate: REFERENCE_DATE })]
  const n = Math.min(batchCount, lines.length)
  const batchLines = Array.from({ length: n }, (_, b) => lines.slice(Math.floor((b * lines.length) / n), Math.floor(((b + 1) * lines.length) / n)))
  const batches: readonly (readonly NumberedFact[])[] = batchLines.map((slice) => {
    const decoded = decodeBatch(slice)
    if (E.isLeft(decoded)) throw new Error('the generated city has a bad line')
    return decoded.right
  })

  const cluster = await startPrivateCluster()
  try {
    let poolErrors = 0
    const db = await openMigrated(cluster, 'ew_r4_faults', () => void (poolErrors += 1))
    await sql`CREATE SCHEMA ew_fault`.execute(db)
    await faultTrigger(rate).execute(db)
    await sql`
      CREATE CONSTRAINT TRIGGER ew_fault_commit AFTER INSERT ON ingest_run
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ew_fault.commit_fault()
    `.execute(db)

    const retriesByCode = new Map<string, number>()
    const attempt = async (batch: number, label: string): Promise<Outcome> => {
      let attempts = 0
      try {
        const result = await withTransientRetry(
          (a) => {
            attempts = a
            return ingestBatch(db, batches[batch] ?? [], { receivedAt: new Date().toISOString(), label })
          },
          { onRetry: ({ code }) => void retriesByCode.set(code, (retriesByCode.get(code) ?? 0) + 1) },
        )
        return { batch, attempts, committed: E.isRight(result), ...(E.isLeft(result) ? { code: 'refused' } : {}) }
      } catch (error) {
        return { batch, attempts, committed: false, code: transientCode(error) + (isTransientDatabaseError(error) ? '' : ' (permanent)') }
      }
    }

    // The CLI's share first, from its own files, while the terminator runs too.
    const cliShare = Math.min(cliBatches, batches.length)
    const kill = terminator(cluster, 'ew_r4_faults', 1500)
    const started = performance.now()
    const cliRuns: { code: number | null; retries: number; last: string }[] = []
    for (let b = 0; b < cliShare; b++) {
      const file = join(cluster.dataDir, `batch-${b}.ndjson`)
      writeFileSync(file, `${(batchLines[b] ?? []).join('\n')}\n`)
      const run = await runCli(['ingest', file], { DATABASE_URL: cluster.url('ew_r4_faults') })
      cliRuns.push({ code: run.code, retries: (run.stderr.match(/the database failed the/g) ?? []).length, last: lastLine(run.stderr) })
    }
    const outcomes: Outcome[] = []
    let next = cliShare
    await Promise.all(
      Array.from({ length: clients }, async () => {
        for (let b = next++; b < batches.length; b = next++) outcomes.push(await attempt(b, `r4-${b}`))
      }),
    )
    const terminated = await kill.stop()
    const runMs = performance.now() - started

    // A batch that ran out of attempts is sent again, as its sender would.
    const exhausted = outcomes.filter((o) => !o.committed)
    const resent = await Promise.all(exhausted.map((o) => attempt(o.batch, `r4-${o.batch}-again`)))
    const poison = await Promise.all(['23505', '22P02'].map((code) => attempt(0, `poison-${code}`)))
    await db.destroy()

    const reference = await openMigrated(cluster, 'ew_r4_reference', () => undefined)
    for (const facts of batches) await ingestBatch(reference, facts, { receivedAt: new Date().toISOString(), label: 'reference' })
    await reference.destroy()
    const differing = differingParts(
      await stateDigest(cluster.url('ew_r4_faults')),
      await stateDigest(cluster.url('ew_r4_reference')),
      ['currentFacts', 'children', 'identifiers'],
    )
    // A commit whose answer was lost is retried as an unchanged re-send, so a batch may have two runs.
    const runs = await cluster.query<{ batches: string; runs: string }>(
      `SELECT count(DISTINCT regexp_replace(label, '-again$', ''))::text AS batches, count(*)::text AS runs
         FROM ingest_run WHERE status = 'completed' AND (label LIKE 'r4-%' OR label LIKE '%.ndjson')`,
      [],
      'ew_r4_faults',
    )

    const attemptsOf = outcomes.map((o) => o.attempts)
    const mean = attemptsOf.reduce((a, b) => a + b, 0) / Math.max(1, attemptsOf.length)
    const invariants = new Invariants()
    const cliFailed = cliRuns.filter((r) => r.code !== 0).length
    invariants.check(uncaught === 0, `${uncaught} uncaught exceptions (a terminated backend's client error with no listener)`)
    invariants.check(cliFailed === 0, `${cliFailed} CLI batches failed: ${cliRuns.filter((r) => r.code !== 0).map((r) => `exit ${r.code} (${r.last})`).join('; ')}`)
    invariants.check(resent.every((o) => o.committed), `${resent.filter((o) => !o.committed).length} batches failed again after a re-send`)
    invariants.check(
      poison.every((o) => !o.committed && o.attempts === 1),
      `a permanent error was retried or committed: ${JSON.stringify(poison)}`,
    )
    invariants.check(differing.length === 0, `state differs from a fault-free ingest in: ${differing.join(', ')}`)
    invariants.check(Number(runs[0]?.batches) === batches.length, `${runs[0]?.batches} of ${batches.length} batches have a completed run`)
    const committedFirst = outcomes.filter((o) => o.committed).length
    printFigures('R4 transient-error retry', `${batches.length} batches (${lines.length} lines), ${clients} clients, fault rate ${rate} per commit`, [
      ['batches (CLI / ingestBatch)', `${batches.length} (${cliShare} / ${outcomes.length})`],
      ['run time', seconds(runMs)],
      ['committed within 5 attempts', `${committedFirst + cliShare - cliFailed}/${batches.length} (${(((committedFirst + cliShare - cliFailed) / batches.length) * 100).toFixed(2)} %)`],
      ['expected to exhaust 5 attempts at this rate', (outcomes.length * rate ** 5).toFixed(2)],
      ['exhausted, then committed on re-send', `${resent.filter((o) => o.committed).length}/${exhausted.length}`],
      ['committed in the end', `${committedFirst + resent.filter((o) => o.committed).length + cliShare - cliFailed}/${batches.length}`],
      ['attempts per batch, mean / max', `${mean.toFixed(3)} / ${Math.max(0, ...attemptsOf)}`],
      ['retries by code', [...retriesByCode].map(([c, k]) => `${c} ${k}`).join(', ') || 'none'],
      ['backends terminated / idle-pool errors seen', `${terminated} / ${poolErrors}`],
      ['uncaught exceptions in this process', String(uncaught)],
      ['CLI batches retried (retries)', `${cliRuns.filter((r) => r.retries > 0).length} (${cliRuns.reduce((a, r) => a + r.retries, 0)})`],
      ['permanent 23505 / 22P02: attempts', poison.map((o) => `${o.code} ×${o.attempts}`).join(', ')],
      ['batches with a completed run (runs)', `${runs[0]?.batches}/${batches.length} (${runs[0]?.runs})`],
      ['state equal to a fault-free ingest', differing.length === 0 ? 'yes' : `no (${differing.join(', ')})`],
    ])
    invariants.finish(`${batches.length} batches, ${committedFirst + resent.filter((o) => o.committed).length + cliShare - cliFailed} committed, mean ${mean.toFixed(2)} / max ${Math.max(0, ...attemptsOf)} attempts`)
  } finally {
    await cluster.destroy()
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`transient-retry: ${(error as Error).stack ?? String(error)}\n`)
  process.exitCode = 2
})
