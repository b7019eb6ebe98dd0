/**
 * RELIABILITY R6: the database goes away under light load and comes back.
 * In a private PostgreSQL cluster (the shared server is never stopped): a
 * small city, the server (`node dist/cli/main.js serve`) over it, ten
 * lookups a second and `/ready` and `/health` polled four times a second;
 * then `pg_ctl stop -m immediate`, `--down-seconds` (default 30, as
 * RELIABILITY asks) without a server, and `pg_ctl start`.
 *
 * Pass: the process never exits; `/ready` is 503 within one health interval
 * (5 s) of the stop; `/health` is 200 throughout; every answer while the
 * database is away is a 503 and comes within 2.5 s (none hangs); lookups are
 * served again after the restart without restarting the service.
 *
 *   npm run build && npm run fault:db-down-up -- [--children 500] [--down-seconds 30]
 */
import * as E from 'fp-ts/Either'
import { storeCity } from '../../bench/support/city'
import { onCleanup, runScript } from '../../bench/support/cleanup'
import { startServerProcess } from '../../bench/support/server-process'
import { tokensOf } from '../../bench/support/tokens'
import { londonDate } from '../../engine/time/london'
import { openDatabase } from '../../storage/database/open-database'
import { migrateToLatest } from '../../storage/migrations/migrate-to-latest'
import { sleep, statusSummary, timedFetch } from './support/http-timing'
import { probeEvery, type Sample } from './support/probe'
import { startPrivateCluster } from './support/private-cluster'
import { Invariants, numberOption, printFigures, seconds } from './support/report'

const HEALTH_INTERVAL_MS = 5000
const FAST_ANSWER_MS = 2500

const main = async (): Promise<boolean> => {
  const args = process.argv.slice(2)
  const children = numberOption(args, 'children', 500)
  const downSeconds = numberOption(args, 'down-seconds', 30)
  const cluster = await startPrivateCluster({ firstPort: 55440 })
  onCleanup('remove the private cluster', () => cluster.destroy())
  await cluster.createDatabase('ew_r6')
  const url = cluster.url('ew_r6')
  const setup = await openDatabase({ databaseUrl: url, onPoolError: () => undefined })
  const migrated = await migrateToLatest(setup.db)
  if (E.isLeft(migrated)) throw new Error(`migration failed (${migrated.left.code ?? 'no code'})`)
  const today = londonDate(Date.now())
  await storeCity(setup.db, { children, seed: 'r6', referenceDate: today })
  const childIds = (await setup.db.selectFrom('child').select('child_id').execute()).map((r) => r.child_id)
  await setup.close()

  const server = await startServerProcess({ databaseUrl: url })
  const tokens = tokensOf(server.secrets, 'mash', 20)
  let turn = 0
  const lookups = probeEvery(100, () =>
    timedFetch(`${server.url}/children/${childIds[turn % childIds.length] ?? ''}/flags`, {
      headers: { authorization: `Bearer ${tokens[turn++ % tokens.length] ?? ''}` },
    }),
  )
  const ready = probeEvery(250, () => timedFetch(`${server.url}/ready`))
  const health = probeEvery(250, () => timedFetch(`${server.url}/health`))
  let exited = false
  void server.exited.then(() => (exited = true))

  await sleep(5000)
  const stoppedAt = performance.now()
  await cluster.stopImmediate()
  await sleep(downSeconds * 1000)
  const restartMs = await cluster.start()
  const startedAt = performance.now()
  await sleep(20_000)
  await Promise.all([lookups.stop(), ready.stop(), health.stop()])

  const between = (from: number, to: number) => (s: Sample) => s.at >= from && s.at < to
  const down = lookups.samples.filter(between(stoppedAt, startedAt))
  const before = lookups.samples.filter((s) => s.at < stoppedAt)
  const firstNotReady = ready.samples.find((s) => s.at >= stoppedAt && s.status === 503)
  const firstServed = lookups.samples.find((s) => s.at >= startedAt && s.status === 200)
  const firstReady = ready.samples.find((s) => s.at >= startedAt && s.status === 200)
  const slowestDown = Math.max(0, ...down.map((s) => s.ms), ...ready.samples.filter(between(stoppedAt, startedAt)).map((s) => s.ms))
  const healthBad = health.samples.filter((s) => s.status !== 200)
  const poolErrors = server.logRecords().filter((r) => r['event'] === 'db_pool_error').length
  const detectMs = firstNotReady === undefined ? Number.NaN : firstNotReady.at + firstNotReady.ms - stoppedAt
  const recoverMs = firstServed === undefined ? Number.NaN : firstServed.at + firstServed.ms - startedAt

  const inv = new Invariants()
  inv.check(!exited, 'the server process never exited')
  inv.check(before.length > 0 && before.every((s) => s.status === 200), 'lookups served before the stop')
  inv.check(detectMs <= HEALTH_INTERVAL_MS, '/ready 503 within one health interval of the stop')
  inv.check(healthBad.length === 0, '/health 200 throughout')
  inv.check(down.every((s) => s.status === 200 || s.status === 503), 'while down: only 503 (or 200 before it was noticed)')
  inv.check(slowestDown < FAST_ANSWER_MS, `while down: every answer within ${FAST_ANSWER_MS} ms`)
  inv.check(firstServed !== undefined, 'lookups served again after the restart, without restarting the service')
  inv.check(firstReady !== undefined, '/ready 200 again after the restart')
  printFigures('R6 database down and back', `${children} children, private cluster :${cluster.port}, down ${downSeconds} s, 10 lookups/s`, [
    ['lookups before / while down / after', `${statusSummary(before)} / ${statusSummary(down)} / ${statusSummary(lookups.samples.filter((s) => s.at >= startedAt))}`],
    ['time to detect (/ready 503)', seconds(detectMs)],
    ['slowest answer while down', `${slowestDown.toFixed(0)} ms`],
    ['/health answers not 200', String(healthBad.length)],
    ['PostgreSQL restart took', seconds(restartMs)],
    ['time to recover (first lookup 200 after start)', seconds(recoverMs)],
    ['/ready 200 again after start', firstReady === undefined ? 'never' : seconds(firstReady.at + firstReady.ms - startedAt)],
    ['idle-connection errors logged (not fatal)', String(poolErrors)],
    ['server exits', exited ? '1' : '0'],
  ])
  if (exited) {
    // Why it ended (the log carries events, codes and messages we wrote, never data).
    for (const r of server.logRecords().slice(-8)) process.stdout.write(`  log: ${JSON.stringify({ level: r['level'], event: r['event'], msg: r['msg'], err: r['err'] })}\n`)
  }
  inv.finish('R6: database down and back without a crash or a restart')
  await server.stop('SIGTERM')
  return inv.failed.length === 0
}

runScript('fault:db-down-up', main)
