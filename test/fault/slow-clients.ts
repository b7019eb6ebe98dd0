/**
 * RELIABILITY I6: slow clients (slowloris). Two hundred connections each
 * send a request's headers one byte a second and never finish them. Pass:
 * the server closes every one of them itself (its `requestTimeout`, 30 s,
 * checked every 30 s by Node: so between 30 and 60 s), and child lookups
 * meanwhile are unaffected: p99 within 2× the p99 measured before, 0 errors.
 *
 *   npm run build && npm run fault:slow-clients -- [--children 2000] [--duration 10] [--sockets 200]
 */
import { connect, type Socket } from 'node:net'
import { startCityServer } from '../../bench/support/city-server'
import { onCleanup, runScript } from '../../bench/support/cleanup'
import { lookupsOn, noErrorsCheck } from '../../bench/support/lookups'
import { sleep } from './support/http-timing'
import { Invariants, numberOption, percentile, printFigures, seconds } from './support/report'

const REQUEST_TIMEOUT_MS = 30_000
/** Node checks request timeouts every `connectionsCheckingInterval` (30 s). */
const CHECK_INTERVAL_MS = 30_000

interface Trickle {
  readonly openedAt: number
  closedAt: number | undefined
  bytes: number
}

/** A connection that sends `GET /health` headers one byte a second and never ends them. */
const trickle = (port: number): Trickle => {
  const request = 'GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slow-client\r\nX-Padding: ' + 'x'.repeat(200)
  const state: Trickle = { openedAt: performance.now(), closedAt: undefined, bytes: 0 }
  const socket: Socket = connect(port, '127.0.0.1')
  const timer = setInterval(() => {
    if (socket.destroyed || state.bytes >= request.length) return
    socket.write(request[state.bytes] ?? '')
    state.bytes += 1
  }, 1000)
  socket.on('error', () => undefined)
  socket.on('close', () => {
    clearInterval(timer)
    state.closedAt ??= performance.now()
  })
  onCleanup('close a slow client', () => void socket.destroy())
  return state
}

const main = async (): Promise<boolean> => {
  const args = process.argv.slice(2)
  const children = numberOption(args, 'children', 2000)
  const duration = numberOption(args, 'duration', 10)
  const sockets = numberOption(args, 'sockets', 200)
  const city = await startCityServer({ children, prefix: 'ew_fault' })
  const lookups = lookupsOn(city)
  await lookups.run('warm-up', { connections: 20, seconds: 3 })
  const baseline = await lookups.run('I6 baseline', { connections: 20, seconds: duration })

  const slow = Array.from({ length: sockets }, () => trickle(city.server.port))
  await sleep(2000)
  const during = await lookups.run('I6 during', { connections: 20, seconds: duration })
  const deadline = performance.now() + REQUEST_TIMEOUT_MS + CHECK_INTERVAL_MS + 10_000
  while (slow.some((s) => s.closedAt === undefined) && performance.now() < deadline) await sleep(500)

  const lifetimes = slow.flatMap((s) => (s.closedAt === undefined ? [] : [s.closedAt - s.openedAt]))
  const ratio = during.figures.p99 / baseline.figures.p99
  const inv = new Invariants()
  inv.check(lifetimes.length === sockets, `the server closed all ${sockets} slow connections`)
  inv.check(lifetimes.every((ms) => ms >= REQUEST_TIMEOUT_MS - 1000), 'none closed before the request timeout')
  inv.check(ratio <= 2, `lookups p99 during ≤ 2 × before (${ratio.toFixed(2)}×)`)
  inv.check(noErrorsCheck('during', during.figures).passed, 'lookups during: 0 errors, 0 non-2xx')
  inv.check(during.auditCheck.passed, `audit rows = 2xx (${during.auditCheck.figure})`)
  printFigures('I6 slow clients', `${children} children, ${sockets} connections sending a header byte a second, lookups c=20 for ${duration} s`, [
    ['lookups p99 before / during', `${baseline.figures.p99} / ${during.figures.p99} ms = ${ratio.toFixed(2)}×`],
    ['lookups rps before / during', `${Math.round(baseline.figures.rps)} / ${Math.round(during.figures.rps)}`],
    ['slow connections closed by the server', `${lifetimes.length} of ${sockets}`],
    ['closed after (min / p50 / max)', `${seconds(Math.min(...lifetimes))} / ${seconds(percentile(lifetimes, 50))} / ${seconds(Math.max(...lifetimes))}`],
  ])
  inv.finish(`I6: p99 during slowloris ${ratio.toFixed(2)}× baseline`)
  return inv.failed.length === 0
}

runScript('fault:slow-clients', main)
