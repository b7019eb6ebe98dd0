/**
 * RELIABILITY S4: backpressure, without a test-only route in the product.
 * The real server (`node dist/cli/main.js serve`, over a small generated
 * city) runs with one test-only preload, `-r test/fault/support/pressure-preload.js`,
 * which makes pressure inside the server when it gets SIGWINCH (not SIGUSR2:
 * the server shuts down on that) and logs when the pressure starts and ends.
 * In each phase a client asks `GET /rules` (valid token) every 100 ms and
 * `/health` every 250 ms, from 3 s before the signal to 5 s after the end.
 *
 * 1. Event loop: a CPU-bound spell, busy-waiting in slices of `--slice-ms`
 *    (default 1500) with one turn of the loop between slices, for
 *    `--block-seconds` (default 6) in all.
 * 2. Heap (skipped with `--heap-mb 0`): a second server on the same database,
 *    with `--max-old-space-size=<--heap-mb>` (default 512) so that the
 *    threshold the product computes (80 % of V8's heap limit) is ~0.45 GB
 *    rather than ~3.3 GB, and `--expose-gc` so that the preload can give the
 *    memory back at once. The preload fills the heap to 85 % of the limit
 *    with arrays of doubles, 16 MiB a turn (the loop keeps turning), logging
 *    when it goes over 80 %, holds it 4 s, then lets it go.
 *
 * Pass, for both phases: before, the probe is served 200; it is refused with
 * 503 problem+json and `Retry-After` within one sample interval (bounds
 * below); `/health` answers 200 throughout (it is never shed); after the
 * pressure ends, the probe is served 200 again (and stays so) within 2.5 s,
 * without a restart. The loop phase must also lag the server (a probe answer
 * late by more than 500 ms); the heap phase must get the heap over the
 * threshold.
 *
 * The bounds. @fastify/under-pressure (api/http/pressure.ts) samples every
 * 1 s, in a timer, so only when the loop turns: it sheds when the mean
 * event-loop delay of the sample exceeds 500 ms, or the heap in use exceeds
 * the threshold at the sample.
 * - Loop: 1 s + one slice after the first late answer. The sample in which
 *   the spell starts also holds the normal 10 ms turns before it, so its mean
 *   usually stays under 500 ms, and the requests that waited through the
 *   first slice are served 200, late: that is the first late answer. The
 *   next sample holds nothing but the next slice (mean ≈ the slice, or no
 *   turn at all, counted as infinite), so from the turn after the second
 *   slice every request is refused. A refusal can only leave when the loop
 *   turns: it comes one slice after the first late answer, within one sample
 *   interval (the sample has to lie wholly inside the spell) plus one slice
 *   (the answer waits for the loop to turn). After the spell, the flag set by
 *   the last slice holds for one more sample (≈ 1 s).
 * - Heap: 1 s + one probe period (100 ms) after the preload saw the heap go
 *   over the threshold (the next sample sees it; the next probe is refused).
 *
 *   npm run build && npm run fault:backpressure -- [--block-seconds 6] [--slice-ms 1500] [--heap-mb 512]
 */
import { join } from 'node:path'
import { startCityServer } from '../../bench/support/city-server'
import { runScript } from '../../bench/support/cleanup'
import { startServerProcess, type ServerProcess } from '../../bench/support/server-process'
import { tokenOf } from '../../bench/support/tokens'
import { detailSummary, problemDetail, sleep, statusSummary, timedFetch } from './support/http-timing'
import { probeEvery, type Sample } from './support/probe'
import { Invariants, numberOption, percentile, printFigures, seconds, type Figure } from './support/report'

const SAMPLE_INTERVAL_MS = 1000
const PROBE_EVERY_MS = 100
const LATE_MS = 500
const RECOVER_WITHIN_MS = 2500
/** api/http/pressure.ts: DEFAULT_PRESSURE.maxHeapUsedBytes is this fraction of V8's heap limit. */
const HEAP_THRESHOLD = 0.8
const OVERLOADED = 'The service is overloaded.'
const PRELOAD = join(__dirname, 'support', 'pressure-preload.js')

type LogRecord = Record<string, unknown>

interface Phase {
  readonly rules: readonly Sample[]
  readonly health: readonly Sample[]
  readonly signalled: number
  readonly start?: LogRecord
  readonly over?: LogRecord
  readonly full?: LogRecord
  readonly end?: LogRecord
}

const answeredAt = (s: Sample): number => s.at + s.ms
const byAnswer = (samples: readonly Sample[]): Sample[] => [...samples].sort((a, b) => answeredAt(a) - answeredAt(b))

/** A wall-clock time (Date.now()) from the server's log on this process's performance.now() timeline. */
const onOurClock = (record: LogRecord | undefined): number | undefined =>
  typeof record?.['at'] === 'number' ? record['at'] - performance.timeOrigin : undefined

const preloadSaid = (server: ServerProcess, phase: 'start' | 'over' | 'full' | 'end'): LogRecord | undefined =>
  server.logRecords().find((r) => r['event'] === 'test_pressure' && r['phase'] === phase && typeof r['at'] === 'number')

/** Probes from 3 s before the signal until 5 s after the preload says the pressure ended (at most `maxMs` after the signal). */
const runPhase = async (server: ServerProcess, maxMs: number): Promise<Phase> => {
  const reader = { authorization: `Bearer ${tokenOf(server.secrets, 'mash', 's4-reader')}` }
  const rules = probeEvery(PROBE_EVERY_MS, () => timedFetch(`${server.url}/rules`, { headers: reader }, true))
  const health = probeEvery(250, () => timedFetch(`${server.url}/health`))
  await sleep(3000)
  const signalled = performance.now()
  process.kill(server.pid, 'SIGWINCH')
  while (preloadSaid(server, 'end') === undefined && performance.now() - signalled < maxMs) await sleep(250)
  await sleep(5000)
  await Promise.all([rules.stop(), health.stop()])
  return {
    rules: rules.samples,
    health: health.samples,
    signalled,
    start: preloadSaid(server, 'start'),
    over: preloadSaid(server, 'over'),
    full: preloadSaid(server, 'full'),
    end: preloadSaid(server, 'end'),
  }
}

/** Splits the probe's answers around the pressure and checks what both phases share. */
const common = (inv: Invariants, name: string, phase: Phase, startAt: number, endAt: number) => {
  const before = phase.rules.filter((s) => answeredAt(s) < startAt)
  const during = phase.rules.filter((s) => answeredAt(s) >= startAt && s.at < endAt)
  const after = phase.rules.filter((s) => s.at >= endAt)
  const firstShed = byAnswer(during.filter((s) => s.status === 503))[0]
  const recovered = after.find((s) => s.status === 200 && !after.some((o) => o.status !== 200 && o.at > s.at))
  const recoverMs = recovered === undefined ? Number.NaN : Math.max(0, answeredAt(recovered) - endAt)
  const refusals = phase.rules.filter((s) => s.status === 503)
  const healthBad = phase.health.filter((s) => s.status !== 200)
  const healthDuring = phase.health.filter((s) => answeredAt(s) >= startAt && s.at < endAt)
  inv.check(phase.start !== undefined && phase.end !== undefined, `${name}: the preload ran (start and end in the server log)`)
  inv.check(before.length > 0 && before.every((s) => s.status === 200), `${name}: served before the pressure`)
  inv.check(refusals.every((s) => s.headers?.get('retry-after') !== null && (s.headers?.get('content-type') ?? '').startsWith('application/problem+json')),
    `${name}: every 503 is problem+json with Retry-After`)
  inv.check(healthBad.length === 0, `${name}: /health 200 throughout`)
  inv.check(recoverMs <= RECOVER_WITHIN_MS, `${name}: served again (and stays so) within ${seconds(RECOVER_WITHIN_MS)} of the end of the pressure`)
  const figures: Figure[] = [
    [`${name}: probe before / during / after`, `${statusSummary(before)} / ${statusSummary(during)} / ${statusSummary(after)}`],
    [`${name}: probe p99 before / max during`, `${percentile(before.map((s) => s.ms), 99).toFixed(0)} / ${Math.max(0, ...during.map((s) => s.ms)).toFixed(0)} ms`],
    [`${name}: 503 details during / after`, `${detailSummary(during.filter((s) => s.status === 503)) || '-'} / ${detailSummary(after.filter((s) => s.status === 503)) || '-'}`],
  ]
  const tail: Figure[] = [
    [`${name}: time to recover (after the pressure ended)`, seconds(recoverMs)],
    [`${name}: /health not 200; max during`, `${healthBad.length}; ${Math.max(0, ...healthDuring.map((s) => s.ms)).toFixed(0)} ms`],
    [`${name}: 503s not "overloaded" (database taken for down)`, String(refusals.filter((s) => problemDetail(s) !== OVERLOADED).length)],
  ]
  return { during, firstShed, figures, tail }
}

const loopPhase = (inv: Invariants, phase: Phase, blockMs: number, sliceMs: number): Figure[] => {
  const startAt = onOurClock(phase.start) ?? phase.signalled
  const endAt = onOurClock(phase.end) ?? phase.signalled + blockMs
  const { during, firstShed, figures, tail } = common(inv, 'loop', phase, startAt, endAt)
  const lagSeen = byAnswer(during).find((s) => s.ms > LATE_MS)
  const shedMs = lagSeen === undefined || firstShed === undefined ? Number.NaN : Math.max(0, answeredAt(firstShed) - answeredAt(lagSeen))
  inv.check(lagSeen !== undefined, `loop: the blocking lagged the server (a probe answer late by > ${LATE_MS} ms)`)
  inv.check(shedMs <= SAMPLE_INTERVAL_MS + sliceMs, `loop: shed (503) within one sample interval plus one slice (${seconds(SAMPLE_INTERVAL_MS + sliceMs)}) of the first late answer`)
  return [
    ['loop: blocking (from the server log)', `${String(phase.end?.['slices'] ?? '?')} slices, ${seconds(endAt - startAt)}, started ${String(Math.round(startAt - phase.signalled))} ms after the signal`],
    ...figures,
    ['loop: first late answer (after the blocking started)', lagSeen === undefined ? '-' : `${seconds(answeredAt(lagSeen) - startAt)} (${lagSeen.status}, ${lagSeen.ms.toFixed(0)} ms)`],
    ['loop: time to shed (first 503 after the first late answer)', seconds(shedMs)],
    ...tail,
  ]
}

const heapPhase = (inv: Invariants, phase: Phase): Figure[] => {
  const startAt = onOurClock(phase.start) ?? phase.signalled
  const overAt = onOurClock(phase.over)
  const fullAt = onOurClock(phase.full)
  const endAt = onOurClock(phase.end) ?? Number.POSITIVE_INFINITY
  const { firstShed, figures, tail } = common(inv, 'heap', phase, startAt, endAt)
  const used = Number(phase.full?.['heapUsed'] ?? 0)
  const limit = Number(phase.full?.['heapLimit'] ?? Number.NaN)
  const shedMs = overAt === undefined || firstShed === undefined ? Number.NaN : Math.max(0, answeredAt(firstShed) - overAt)
  inv.check(overAt !== undefined && used > HEAP_THRESHOLD * limit, `heap: the heap went over the threshold (${HEAP_THRESHOLD * 100} % of V8's limit)`)
  inv.check(shedMs <= SAMPLE_INTERVAL_MS + PROBE_EVERY_MS, `heap: shed (503) within one sample interval plus one probe period (${seconds(SAMPLE_INTERVAL_MS + PROBE_EVERY_MS)}) of the heap going over the threshold`)
  const mb = (bytes: number): string => (bytes / 2 ** 20).toFixed(0)
  return [
    ['heap: filled (from the server log)', `${mb(used)} of ${mb(limit)} MB in ${seconds((fullAt ?? Number.NaN) - startAt)}, over the threshold (${mb(HEAP_THRESHOLD * limit)} MB) after ${seconds((overAt ?? Number.NaN) - startAt)}, held ${seconds(endAt - (fullAt ?? Number.NaN))}`],
    ...figures,
    ['heap: time to shed (first 503 after the heap went over)', seconds(shedMs)],
    ...tail,
  ]
}

const main = async (): Promise<boolean> => {
  const args = process.argv.slice(2)
  const blockMs = numberOption(args, 'block-seconds', 6) * 1000
  const sliceMs = numberOption(args, 'slice-ms', 1500)
  const heapMb = numberOption(args, 'heap-mb', 512)
  if (blockMs <= 0 || sliceMs <= 0) throw new RangeError('--block-seconds and --slice-ms must be > 0')
  const { database, server } = await startCityServer({
    children: 300,
    prefix: 'ew_fault',
    server: { nodeArgs: ['-r', PRELOAD], env: { EW_PRESSURE_MODE: 'loop', EW_BLOCK_SLICE_MS: String(sliceMs), EW_BLOCK_TOTAL_MS: String(blockMs) } },
  })
  const inv = new Invariants()
  const figures = loopPhase(inv, await runPhase(server, blockMs + 30_000), blockMs, sliceMs)
  let size = `event loop blocked ${seconds(blockMs)} in ${seconds(sliceMs)} busy slices`
  if (heapMb > 0) {
    await server.stop()
    const heapServer = await startServerProcess({
      databaseUrl: database.url,
      nodeArgs: [`--max-old-space-size=${heapMb}`, '--expose-gc', '-r', PRELOAD],
      env: { EW_PRESSURE_MODE: 'heap', EW_HEAP_MARK_FRACTION: String(HEAP_THRESHOLD) },
    })
    figures.push(...heapPhase(inv, await runPhase(heapServer, 60_000)))
    size += `, then heap filled to 85 % of a ${heapMb} MB old space for 4 s`
  }
  printFigures('S4 backpressure', `${size} (SIGWINCH to a -r preload); GET /rules every ${PROBE_EVERY_MS} ms`, figures)
  inv.finish('S4: load shed with 503 + Retry-After, and recovered')
  return inv.failed.length === 0
}

runScript('fault:backpressure', main)
