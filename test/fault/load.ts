/**
 * RELIABILITY S1–S3: load on loopback (autocannon in this process, the
 * server as `node dist/cli/main.js serve`, a city in a database of its own).
 *
 * - S1 child lookups: `-c 200` for `--duration` s on `/children/:id/flags`,
 *   random children, real JWTs, audit on. p99 ≤ 200 ms, 0 errors or
 *   timeouts, audit rows = 2xx.
 * - S2 cohort pages and CSV: `-c 50`, `limit=100`, the four cohorts, JSON and
 *   CSV. p99 ≤ 500 ms.
 * - S3 lookups during a big ingest: lookups at `-c 50`, first alone, then
 *   while `early-warning ingest` (another process) loads a city file of
 *   `--ingest-children`. p99 during ≤ 2 × p99 alone, 0 errors.
 *
 *   npm run build && npm run fault:load -- [--children 10000] [--duration 60] [--tests s1,s2,s3] [--ingest-children 20000]
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startCityServer } from '../../bench/support/city-server'
import { onCleanup, runScript } from '../../bench/support/cleanup'
import { LOAD_HEADER, loadRow, randomOf, runLoad, type LoadFigures } from '../../bench/support/load'
import { lookupsOn, noErrorsCheck } from '../../bench/support/lookups'
import { subjectsFor, tokensOf } from '../../bench/support/tokens'
import { addDays } from '../../engine/time/calendar'
import { spawnCli } from './support/cli-process'
import { untilIngestUnderWay } from './support/ingest-lock'
import { writeCityFile } from './support/kill-trials'
import { Invariants, numberOption, printFigures, seconds, stringOption } from './support/report'

const main = async (): Promise<boolean> => {
  const args = process.argv.slice(2)
  const children = numberOption(args, 'children', 10_000)
  const duration = numberOption(args, 'duration', 60)
  const tests = new Set(stringOption(args, 'tests', 's1,s2,s3').split(','))
  const ingestChildren = numberOption(args, 'ingest-children', 20_000)
  const city = await startCityServer({ children, prefix: 'ew_fault' })
  const { server, database, today } = city
  const lookups = lookupsOn(city)
  const inv = new Invariants()
  const runs: [string, LoadFigures][] = []
  const figures: [string, string][] = []

  // Warm-up: the JIT, the pool, and today's cohorts computed at start-up.
  await runLoad({ url: server.url, connections: 20, seconds: 3, next: lookups.next })

  if (tests.has('s1')) {
    const { figures: f, auditCheck } = await lookups.run('S1', { connections: 200, seconds: duration })
    runs.push(['S1 lookups, c=200', f])
    inv.check(f.p99 <= 200, `S1: p99 ≤ 200 ms (${f.p99} ms)`)
    inv.check(noErrorsCheck('S1', f).passed, 'S1: 0 errors, 0 timeouts, 0 non-2xx')
    inv.check(auditCheck.passed, `S1: audit rows = 2xx (${auditCheck.figure})`)
  }

  if (tests.has('s2')) {
    const from = addDays(today, -365)
    const paths = ['missing-pilot', 'lac-attendance', 'exploitation', 'first-time-entrants'].map(
      (name) => `/cohorts/${name}?limit=100${name === 'first-time-entrants' ? `&from=${from}&to=${today}` : ''}`,
    )
    const tokens = tokensOf(server.secrets, 'mash', subjectsFor(2000, duration))
    let turn = 0
    const f = await runLoad({
      url: server.url,
      connections: 50,
      seconds: duration,
      next: () => ({
        path: randomOf(paths),
        headers: { authorization: `Bearer ${tokens[turn++ % tokens.length] ?? ''}`, ...(turn % 2 === 0 ? { accept: 'text/csv' } : {}) },
      }),
    })
    runs.push(['S2 cohort pages + CSV, c=50', f])
    inv.check(f.p99 <= 500, `S2: p99 ≤ 500 ms (${f.p99} ms)`)
    inv.check(noErrorsCheck('S2', f).passed, 'S2: 0 errors, 0 timeouts, 0 non-2xx')
  }

  if (tests.has('s3')) {
    const alone = await lookups.run('S3 alone', { connections: 50, seconds: duration })
    runs.push(['S3 lookups alone, c=50', alone.figures])
    const dir = mkdtempSync(join(tmpdir(), 'ew-s3-'))
    onCleanup('remove the S3 city file', () => rmSync(dir, { recursive: true, force: true }))
    const file = join(dir, 'city.ndjson')
    const lines = await writeCityFile(file, ingestChildren, 's3-batch')
    const ingest = spawnCli(['ingest', file], { DATABASE_URL: database.url })
    onCleanup('stop the S3 ingest', () => void ingest.child.kill('SIGKILL'))
    const underWay = await untilIngestUnderWay(database, 120_000)
    const runStart = performance.now()
    let ingestEnd = Number.POSITIVE_INFINITY
    void ingest.exited.then(() => (ingestEnd = performance.now()))
    const during = await lookups.run('S3 during ingest', { connections: 50, seconds: duration })
    const runEnd = performance.now()
    const ingested = await ingest.exited
    runs.push(['S3 lookups during ingest, c=50', during.figures])
    const overlap = Math.max(0, Math.min(ingestEnd, runEnd) - runStart) / (runEnd - runStart)
    const ratio = during.figures.p99 / alone.figures.p99
    figures.push(
      ['S3 ingest', `${lines.toLocaleString('en-GB')} lines, exit ${String(ingested.code)} in ${seconds(ingested.ms)}; overlapped ${(overlap * 100).toFixed(0)} % of the run`],
      ['S3 p99 during / alone', `${during.figures.p99} / ${alone.figures.p99} ms = ${ratio.toFixed(2)}×`],
    )
    inv.check(underWay, 'S3: the ingest was under way while lookups ran')
    inv.check(ratio <= 2, `S3: p99 during ingest ≤ 2 × alone (${ratio.toFixed(2)}×)`)
    inv.check(noErrorsCheck('S3', during.figures).passed, 'S3: 0 errors during the ingest')
    inv.check(during.auditCheck.passed, `S3: audit rows = 2xx (${during.auditCheck.figure})`)
  }

  printFigures('S1–S3 load', `${children.toLocaleString('en-GB')} children, ${duration} s a run, PostgreSQL ${database.serverVersion}`, figures)
  process.stdout.write(`  ${LOAD_HEADER}\n${runs.map(([label, f]) => `  ${loadRow(label, f)}`).join('\n')}\n`)
  inv.finish(`load: ${[...tests].join(', ')}`)
  return inv.failed.length === 0
}

runScript('fault:load', main)
