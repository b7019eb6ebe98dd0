/**
 * RELIABILITY S6: soak. Child lookups at half the rate the server managed at
 * full speed (measured first, 10 s at 50 connections), for `--minutes`
 * (default 30, as RELIABILITY asks; `--minutes 1` for a smoke run), in
 * one-minute runs. After each minute: the server's RSS, its database
 * connections, the longest-open idle transaction, the minute's p99 and the
 * audit check.
 *
 * Pass: RSS at the end within 10 % of RSS after the first minute; no
 * transaction left idle for more than 5 s at any check; afterwards no server
 * connection busy; every lookup 2xx and audited.
 *
 *   npm run build && npm run fault:soak -- [--minutes 30] [--children 5000]
 */
import { startCityServer } from '../../bench/support/city-server'
import { runScript } from '../../bench/support/cleanup'
import { runLoad } from '../../bench/support/load'
import { lookupsOn, noErrorsCheck } from '../../bench/support/lookups'
import { Invariants, numberOption, printFigures } from './support/report'
import { poolText, serverConnections, settledConnections } from './support/server-connections'

const main = async (): Promise<boolean> => {
  const args = process.argv.slice(2)
  const minutes = numberOption(args, 'minutes', 30)
  const children = numberOption(args, 'children', 5000)
  const city = await startCityServer({ children, prefix: 'ew_fault' })
  const { server, database } = city
  const lookups = lookupsOn(city)
  await runLoad({ url: server.url, connections: 20, seconds: 3, next: lookups.next })
  const full = await runLoad({ url: server.url, connections: 50, seconds: 10, next: lookups.next })
  const rate = Math.max(1, Math.round(full.rps / 2))

  const inv = new Invariants()
  const rows: [string, string][] = []
  const rss: number[] = []
  let longestIdleTx = 0
  for (let minute = 1; minute <= minutes; minute++) {
    const { figures, auditCheck } = await lookups.run(`minute ${minute}`, { connections: 20, seconds: 60, rate })
    const idleTx = await database.query<{ s: number | null }>(
      `SELECT extract(epoch FROM max(now() - state_change))::float8 AS s FROM pg_stat_activity
       WHERE datname = $1 AND state LIKE 'idle in transaction%'`,
      [database.name],
    )
    longestIdleTx = Math.max(longestIdleTx, idleTx[0]?.s ?? 0)
    rss.push(server.rssMb())
    const pool = await serverConnections(database)
    const statuses = Object.entries(figures.statusCounts).map(([k, n]) => `${k}×${n}`).join(' ')
    rows.push([`minute ${minute}`, `${Math.round(figures.rps)} rps (${statuses}, ${figures.errors + figures.timeouts} errors), p99 ${figures.p99} ms, RSS ${rss[rss.length - 1]?.toFixed(0)} MB, ${poolText(pool)}`])
    inv.check(noErrorsCheck(`minute ${minute}`, figures).passed, `minute ${minute}: 0 errors, 0 non-2xx`)
    inv.check(auditCheck.passed, `minute ${minute}: audit rows = 2xx (${auditCheck.figure})`)
  }
  const settled = await settledConnections(database, 15_000)
  const first = rss[0] ?? 0
  const last = rss[rss.length - 1] ?? 0
  const drift = first === 0 ? Number.NaN : (last - first) / first
  inv.check(Math.abs(drift) <= 0.1, `RSS drift within 10 % (${(drift * 100).toFixed(1)} %)`)
  inv.check(longestIdleTx <= 5, `no transaction idle for more than 5 s (longest ${longestIdleTx.toFixed(1)} s)`)
  inv.check(settled.active === 0 && settled.idleInTransaction === 0, 'afterwards no server connection busy')
  printFigures('S6 soak', `${children} children, ${minutes} min at ${rate} rps (half of ${Math.round(full.rps)} at full speed)`, [
    ...rows,
    ['RSS after minute 1 / at the end', `${first.toFixed(0)} / ${last.toFixed(0)} MB (${(drift * 100).toFixed(1)} %)`],
    ['longest idle transaction seen', `${longestIdleTx.toFixed(1)} s`],
    ['server connections afterwards', poolText(settled)],
  ])
  inv.finish(`S6: ${minutes} min soak`)
  return inv.failed.length === 0
}

runScript('fault:soak', main)
