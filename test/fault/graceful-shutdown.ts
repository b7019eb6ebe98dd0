/**
 * RELIABILITY R7: graceful shutdown. Two hundred slow requests in flight —
 * cohort CSV exports for a date not yet computed, so every one waits for the
 * same pass over the whole city (a genuinely slow request, no test-only
 * route) — then SIGTERM, once the kernel shows every request read by the
 * server (no unread bytes on its 200 connections). Pass: all 200 finish with 200 and a whole body; a
 * request sent after the signal is refused (connection refused or 503);
 * the process exits 0 within the grace period (10 s) after the signal.
 *
 * The pass must outlast reading 200 requests: `--children` sizes it (a few
 * seconds at 6,000 children on two busy cores; under the 10 s handler
 * timeout). The figures say how many were in the server's hands at the
 * signal.
 *
 *   npm run build && npm run fault:graceful-shutdown -- [--children 6000] [--requests 200]
 */
import { startCityServer } from '../../bench/support/city-server'
import { runScript } from '../../bench/support/cleanup'
import { tokensOf } from '../../bench/support/tokens'
import { addDays } from '../../engine/time/calendar'
import { sleep, statusSummary, timedFetch } from './support/http-timing'
import { Invariants, numberOption, printFigures, seconds } from './support/report'
import { socketQueues } from './support/socket-queues'

const GRACE_MS = 10_000

const main = async (): Promise<boolean> => {
  const args = process.argv.slice(2)
  const children = numberOption(args, 'children', 6000)
  const requests = numberOption(args, 'requests', 200)
  const city = await startCityServer({ children, prefix: 'ew_fault' })
  const { server, today } = city
  // Let the start-up computation of today's cohorts finish, so the pass the requests wait for is theirs alone.
  for (let i = 0; i < 600 && !server.logRecords().some((r) => r['event'] === 'cohorts_ready'); i++) await sleep(250)

  const tokens = tokensOf(server.secrets, 'mash', 10)
  // Connections opened first (a burst of 200 new connections takes seconds to accept on a busy machine); the
  // exports then go over them, so they are read at once and all wait for the same pass.
  await Promise.all(Array.from({ length: requests }, () => timedFetch(`${server.url}/health`)))
  const path = `/cohorts/lac-attendance?asOf=${addDays(today, -2)}&limit=1000`
  let completedBeforeSignal = 0
  const inFlight = Array.from({ length: requests }, (_, i) =>
    timedFetch(`${server.url}${path}`, { headers: { accept: 'text/csv', authorization: `Bearer ${tokens[i % tokens.length] ?? ''}` } }, true).then(
      (r) => {
        completedBeforeSignal += signalled ? 0 : 1
        return r
      },
    ),
  )
  let signalled = false
  // Until every request is in the server's hands: all connections accepted and nothing left unread in them.
  let queues = await socketQueues(server.port)
  for (let i = 0; i < 400 && (queues.sockets < requests || queues.unread > 0) && completedBeforeSignal === 0; i++) {
    await sleep(25)
    queues = await socketQueues(server.port)
  }
  const signalAt = performance.now()
  signalled = true
  const exiting = server.stop('SIGTERM', GRACE_MS * 3)
  await sleep(100)
  const late = await timedFetch(`${server.url}/health`)
  const answered = await Promise.all(inFlight)
  const lastAnswerMs = performance.now() - signalAt
  const exit = await exiting
  const exitMs = performance.now() - signalAt

  const whole = answered.filter((r) => r.status === 200 && (r.body ?? '').startsWith('childId,') && (r.body ?? '').endsWith('\r\n'))
  const inv = new Invariants()
  inv.check(completedBeforeSignal === 0, `all ${requests} requests in flight at the signal`)
  inv.check(whole.length === requests, `all ${requests} finished 200 with a whole CSV body`)
  inv.check(late.status === 0 || late.status === 503, 'a request after the signal is refused (no connection, or 503)')
  inv.check(exit.code === 0, 'exit code 0')
  inv.check(exitMs < GRACE_MS, 'exit within the grace period')
  printFigures('R7 graceful shutdown', `${children} children, ${requests} cohort CSV exports in flight, then SIGTERM`, [
    ['at the signal: connections, with unread bytes', `${queues.sockets}, ${queues.unread}`],
    ['finished before the signal', String(completedBeforeSignal)],
    ['answers', `${statusSummary(answered)} (${whole.length} whole CSV bodies)`],
    ['slowest request', seconds(Math.max(...answered.map((r) => r.ms)))],
    ['request after the signal', late.status === 0 ? `refused (${late.error ?? 'no answer'})` : String(late.status)],
    ['last answer after the signal', seconds(lastAnswerMs)],
    ['exit', `code ${String(exit.code)}${exit.signal === null ? '' : ` (${exit.signal})`} after ${seconds(exitMs)}`],
  ])
  inv.finish(`R7: ${whole.length}/${requests} completed, exit ${String(exit.code)} in ${seconds(exitMs)}`)
  return inv.failed.length === 0
}

runScript('fault:graceful-shutdown', main)
