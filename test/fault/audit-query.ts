/**
 * RELIABILITY L5: "who viewed child X in the last 90 days" over a big audit
 * log answers in under a second (p95), for a subject access request or an
 * investigation.
 *
 *   npm run fault:audit-query -- [--rows 1000000] [--children 100000] [--queries 300]
 *
 * In a private cluster (fsync off: this script never crashes the server), a
 * year of audit rows through the real table and its hash-chain trigger: one
 * child per row for lookups, now and then a cohort page naming 50 children,
 * a few "busy" children viewed far more often than others. Then, for random
 * children (a tenth of them busy), two questions: the investigation query in
 * plain SQL, and the API's own `GET /audit?childId=…&from=…` reader (first
 * page of 100). Prints p50/p95/max for each and the plan's index.
 */
import * as E from 'fp-ts/Either'
import { sql, type Kysely } from 'kysely'
import { auditLogOver } from '../../api/audit/audit-store'
import { seededRng } from '../../fixtures/city/prng'
import type { Database } from '../../storage/database/database'
import { openDatabase } from '../../storage/database/open-database'
import { migrateToLatest } from '../../storage/migrations/migrate-to-latest'
import { insertInChunks } from './support/bulk-rows'
import { startPrivateCluster } from './support/private-cluster'
import { Invariants, numberOption, percentile, printFigures, seconds, stringOption } from './support/report'

const BUSY_CHILDREN = 20

const childId = (n: number): string => `C${String(n).padStart(7, '0')}`

/** A year of views: row g names child (g·7919 mod children), every 50th row a cohort page of 50, every 20th a busy child. */
const load = (db: Kysely<Database>, rows: number, children: number): Promise<void> =>
  insertInChunks(
    db,
    rows,
    50_000,
    (trx, first, last) => sql`
      INSERT INTO audit_event (at, sub, role, route, child_ids, outcome, purpose, request_id)
      SELECT now() - (g::float8 / ${rows}::float8) * interval '365 days',
             'user' || (g % 211), CASE WHEN g % 50 = 0 THEN 'missing_pilot' ELSE 'mash' END,
             CASE WHEN g % 50 = 0 THEN 'GET /cohorts/:name cohort=missing-pilot' ELSE 'GET /children/:childId/flags' END,
             CASE
               WHEN g % 50 = 0 THEN ARRAY(SELECT 'C' || lpad((((g::bigint + k * 977) * 7919) % ${children})::text, 7, '0') FROM generate_series(0, 49) k)
               WHEN g % 20 = 0 THEN ARRAY['C' || lpad((g % ${BUSY_CHILDREN})::text, 7, '0')]
               ELSE ARRAY['C' || lpad(((g::bigint * 7919) % ${children})::text, 7, '0')]
             END,
             'ok', CASE WHEN g % 4 = 0 THEN 'triage' END, md5(g::text)
      FROM generate_series(${first}::int, ${last}::int) g
    `.execute(trx),
    (done) => process.stderr.isTTY && process.stderr.write(`\raudit rows: ${done}${done === rows ? '\n' : ''}`),
  )

const timedMs = async (run: () => Promise<unknown>): Promise<number> => {
  const started = performance.now()
  await run()
  return performance.now() - started
}

const main = async (): Promise<void> => {
  const args = process.argv.slice(2)
  const rows = numberOption(args, 'rows', 1_000_000)
  const children = numberOption(args, 'children', 100_000)
  const queries = numberOption(args, 'queries', 300)
  const rng = seededRng(stringOption(args, 'seed', 'l5'))
  const cluster = await startPrivateCluster({ settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' } })
  try {
    await cluster.createDatabase('ew_l5')
    const { db } = await openDatabase({ databaseUrl: cluster.url('ew_l5'), onPoolError: () => undefined })
    const migrated = await migrateToLatest(db)
    if (E.isLeft(migrated)) throw new Error(migrated.left.message)
    const loadMs = await timedMs(() => load(db, rows, children))
    await sql`ANALYZE audit_event`.execute(db)
    const size = await sql<{ size: string }>`SELECT pg_size_pretty(pg_total_relation_size('audit_event')) AS size`.execute(db)

    const since = new Date(Date.now() - 90 * 86_400_000).toISOString()
    const whoViewed = (id: string) => sql<{ sub: string }>`
      SELECT sub, role, at, route, purpose FROM audit_event
      WHERE child_ids @> ARRAY[${id}]::text[] AND at >= ${since}::timestamptz
      ORDER BY at DESC
    `
    const plan = await sql<{ 'QUERY PLAN': string }>`EXPLAIN ${whoViewed(childId(12345 % children))}`.execute(db)
    const readPage = auditLogOver(db, 'early-warning')
    const targets = Array.from({ length: queries }, (_, i) => (i % 10 === 0 ? childId(i % BUSY_CHILDREN) : childId(Math.floor(rng() * children))))
    const sqlMs: number[] = []
    const apiMs: number[] = []
    let found = 0
    for (const id of targets) {
      sqlMs.push(await timedMs(async () => (found += (await whoViewed(id).execute(db)).rows.length)))
      apiMs.push(await timedMs(() => readPage({ childId: id, from: since, limit: 100 })))
    }
    await db.destroy()

    const p95 = Math.max(percentile(sqlMs, 95), percentile(apiMs, 95))
    const invariants = new Invariants()
    invariants.check(p95 < 1000, `p95 ${p95.toFixed(0)} ms is not under 1 s`)
    const fmt = (ms: readonly number[]) => `${percentile(ms, 50).toFixed(1)} / ${percentile(ms, 95).toFixed(1)} / ${Math.max(...ms).toFixed(1)} ms`
    printFigures('L5 audit query speed', `${rows} audit rows over 365 days, ${children} children, ${queries} questions`, [
      ['load (chain trigger on)', `${seconds(loadMs)} (${((rows / loadMs) * 1000).toFixed(0)} rows/s)`],
      ['table + indexes', size.rows[0]?.size ?? '?'],
      ['plan', plan.rows.map((r) => r['QUERY PLAN']).find((l) => /Index|Scan/.test(l))?.trim() ?? '?'],
      ['who viewed X in 90 days (SQL) p50 / p95 / max', fmt(sqlMs)],
      ['GET /audit?childId&from reader, page of 100', fmt(apiMs)],
      ['rows found, mean per question', (found / queries).toFixed(1)],
    ])
    invariants.finish(`p95 ${p95.toFixed(0)} ms over ${rows} rows`)
  } finally {
    await cluster.destroy()
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`audit-query: ${(error as Error).stack ?? String(error)}\n`)
  process.exitCode = 2
})
