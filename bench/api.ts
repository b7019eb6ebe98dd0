/**
 * bench:api — the HTTP API under load on loopback (issue 5): child lookups
 * (`GET /children/:id/flags`, random children, real JWTs, audit on) at a
 * steady 1,000 requests a second (support/load.ts), twice (the first run after
 * start-up is printed, the target read from the second), and at full speed, then cohort pages
 * (`GET /cohorts/:name?limit=100`). Prints rps, p50, p99, max, errors and
 * non-2xx per run, and checks that each lookup answered 2xx wrote one audit
 * row. The exit status is 1 only when an invariant fails (errors, audit rows
 * ≠ 2xx); the latency target (p99 ≤ 10 ms at 1,000 rps) is printed, met or
 * not.
 *
 *   DATABASE_URL=postgres://root@127.0.0.1:5432/test \
 *     npm run bench:api -- [--children 100000] [--seconds 20] [--rate 1000] [--connections 50]
 *
 * The city lives in a database of its own (`ew_api_<random>`), dropped at the
 * end. The server is `node dist/cli/main.js serve` (build first); autocannon
 * runs in this process, on the same cores.
 */
import { parseArgs } from 'node:util'
import { startCityServer } from './support/city-server'
import { runScript } from './support/cleanup'
import { cohortsWarm } from './support/cohorts-warm'
import { LOAD_HEADER, loadRow, randomOf, runLoad, type LoadFigures } from './support/load'
import { lookupsOn, noErrorsCheck } from './support/lookups'
import { headerLine, parseWholeNumber, printChecks, type Check } from './support/report'
import { subjectsFor, tokensOf } from './support/tokens'

const { values } = parseArgs({
  options: {
    children: { type: 'string' },
    seed: { type: 'string' },
    seconds: { type: 'string' },
    rate: { type: 'string' },
    connections: { type: 'string' },
  },
})
const children = parseWholeNumber('children', values.children, 100_000)
const seconds = parseWholeNumber('seconds', values.seconds, 20)
const rate = parseWholeNumber('rate', values.rate, 1000)
const connections = parseWholeNumber('connections', values.connections, 50)

/** The cohorts a MASH officer pages through, and the query each needs. */
const cohortPaths = (today: string): readonly string[] => {
  const yearAgo = `${Number(today.slice(0, 4)) - 1}${today.slice(4)}`
  return [
    '/cohorts/missing-pilot?limit=100',
    '/cohorts/lac-attendance?limit=100',
    '/cohorts/exploitation?limit=100',
    `/cohorts/first-time-entrants?limit=100&from=${yearAgo}&to=${today}`,
  ]
}

const main = async (): Promise<boolean> => {
  const city = await startCityServer({ children, prefix: 'ew_api', ...(values.seed === undefined ? {} : { seed: values.seed }) })
  const { database, server, today } = city
  const lookups = lookupsOn(city, Math.max(rate, 5000))
  const runs: { label: string; figures: LoadFigures }[] = []
  const checks: Check[] = []

  const warmMs = await cohortsWarm(() => server.logRecords(), 600_000)
  // Warm-up at full speed: the JIT and the pool in their working state.
  await runLoad({ url: server.url, connections, seconds: 3, next: lookups.next })
  // The steady rate twice: the first run after start-up has a longer tail
  // (on a 2-core VM, p99 8-18 ms against 6-14 ms, all but one under 10, for
  // the runs after it, with the machine as busy in both), so the target is
  // read from the second, and the first is printed beside it.
  for (const [label, options] of [
    [`lookups at ${rate} rps, first after start-up`, { connections, seconds, rate }],
    [`lookups at ${rate} rps`, { connections, seconds, rate }],
    ['lookups at full speed', { connections, seconds }],
  ] as const) {
    const { figures, auditCheck } = await lookups.run(label, options)
    runs.push({ label, figures })
    checks.push(auditCheck, noErrorsCheck(label, figures))
  }

  const paths = cohortPaths(today)
  // Enough people that the per-person rate limit never answers for the server (pages come at a few thousand a second).
  const cohortTokens = tokensOf(server.secrets, 'mash', subjectsFor(10_000, seconds))
  let turn = 0
  const bearer = (): Record<string, string> => ({ authorization: `Bearer ${cohortTokens[turn++ % cohortTokens.length] ?? ''}` })
  const firstStart = process.hrtime.bigint()
  const first = await Promise.all(paths.map((path) => fetch(`${server.url}${path}`, { headers: bearer() }).then((r) => r.status)))
  const firstMs = Number(process.hrtime.bigint() - firstStart) / 1e6
  const cohorts = await runLoad({ url: server.url, connections: 10, seconds, next: () => ({ path: randomOf(paths), headers: bearer() }) })
  runs.push({ label: 'cohort pages (limit=100), 4 cohorts, c=10', figures: cohorts })
  checks.push(noErrorsCheck('cohort pages', cohorts))

  const fixed = runs[1]?.figures
  console.log(headerLine('bench:api', `${children.toLocaleString('en-GB')} children (${city.city.lines.toLocaleString('en-GB')} lines), ${seconds} s a run, ${connections} connections`, database.serverVersion))
  console.log(LOAD_HEADER)
  for (const r of runs) console.log(loadRow(r.label, r.figures))
  console.log(`start-up cohort computation (3 date-only cohorts, one pass): ${warmMs === undefined ? 'not finished' : `${(warmMs / 1000).toFixed(1)} s`}`)
  console.log(`first page of each of 4 cohorts after it (in parallel; first-time entrants computed now): ${firstMs.toFixed(0)} ms, statuses ${first.join(' ')}`)
  if (fixed !== undefined) console.log(`target: lookups p99 ≤ 10 ms at ${rate} rps: ${fixed.p99 <= 10 ? 'met' : 'not met'} (${fixed.p99.toFixed(1)} ms)`)
  return printChecks(checks)
}

runScript('bench:api', main)
