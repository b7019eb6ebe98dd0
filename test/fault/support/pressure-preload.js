// @ts-check
'use strict'
/**
 * Test-only preload for RELIABILITY S4 (test/fault/backpressure.ts): pressure
 * made inside the real server, without a test-only route in the product.
 * Loaded into `node dist/cli/main.js serve` with `node -r <this file>`; plain
 * JavaScript, so the server under test runs no compiler hook, only the
 * production code plus this file. It does nothing until it gets SIGWINCH, and
 * then, by `EW_PRESSURE_MODE`:
 *
 * - `loop` (default), a CPU-bound spell: busy-waits on the event loop in
 *   slices of `EW_BLOCK_SLICE_MS` (default 1500), with one turn of the loop
 *   between slices (timers, I/O poll, check: `setImmediate`), until
 *   `EW_BLOCK_TOTAL_MS` (default 6000) of wall time have passed since the
 *   signal.
 * - `heap`, a memory spike: allocates 16 MiB arrays of doubles (which the
 *   garbage collector does not scan), one per turn of the loop, so the loop
 *   keeps turning, until the heap in use reaches `EW_HEAP_FILL_FRACTION`
 *   (default 0.85) of V8's heap limit; holds them `EW_HEAP_HOLD_MS` (default
 *   4000); then lets them go and, when the process runs with `--expose-gc`,
 *   collects at once (otherwise V8 frees them at its next full collection,
 *   whenever that comes). With `EW_HEAP_MARK_FRACTION` (e.g. 0.8, the
 *   product's threshold) it also logs when the heap in use first goes over
 *   that fraction of the limit.
 *
 * A signal while a spell runs is ignored. Node's signal listener does not
 * keep the process alive, so the server's own shutdown (SIGTERM) ends it as
 * usual. Why SIGWINCH: the server (close-with-grace) shuts down gracefully on
 * SIGUSR2 and the other usual signals, and SIGUSR1 starts Node's inspector;
 * the server has no terminal, so it never gets a real SIGWINCH, and no code
 * in it listens for one.
 *
 * It writes JSON lines to stderr (the server's log) with the wall time
 * (`Date.now()`), so the script knows exactly when the pressure was there:
 *   {"event":"test_pressure","phase":"start","mode":"loop",…,"at":…}
 *   {"event":"test_pressure","phase":"over","heapUsed":…,"heapLimit":…,"at":…}   (heap, with a mark)
 *   {"event":"test_pressure","phase":"full","heapUsed":…,"heapLimit":…,"at":…}   (heap only)
 *   {"event":"test_pressure","phase":"end","slices":4,"busyMs":…,"at":…}
 * Nothing about children, ever.
 */
const { writeSync } = require('node:fs')
const { performance } = require('node:perf_hooks')
const { getHeapStatistics } = require('node:v8')

/** @param {string} name @param {number} fallback */
const numberFromEnv = (name, fallback) => {
  const value = Number(process.env[name] ?? fallback)
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a number > 0`)
  return value
}

const MODE = process.env['EW_PRESSURE_MODE'] ?? 'loop'
if (MODE !== 'loop' && MODE !== 'heap') throw new RangeError('EW_PRESSURE_MODE must be loop or heap')
const SLICE_MS = numberFromEnv('EW_BLOCK_SLICE_MS', 1500)
const TOTAL_MS = numberFromEnv('EW_BLOCK_TOTAL_MS', 6000)
const FILL_FRACTION = numberFromEnv('EW_HEAP_FILL_FRACTION', 0.85)
const HOLD_MS = numberFromEnv('EW_HEAP_HOLD_MS', 4000)
const MARK_FRACTION = process.env['EW_HEAP_MARK_FRACTION'] === undefined ? undefined : numberFromEnv('EW_HEAP_MARK_FRACTION', 1)
const CHUNK_ELEMENTS = 2 * 1024 * 1024 // 16 MiB of doubles

/** @param {Record<string, unknown>} record */
const say = (record) => {
  writeSync(2, `${JSON.stringify({ event: 'test_pressure', ...record, at: Date.now() })}\n`)
}

/** Busy-waits `ms` on this thread (nothing else runs meanwhile: no timers, no I/O, no microtasks). */
/** @param {number} ms */
const spin = (ms) => {
  const until = performance.now() + ms
  while (performance.now() < until) {
    // busy
  }
}

/** @param {() => void} done */
const blockTheLoop = (done) => {
  const endAt = performance.now() + TOTAL_MS
  let slices = 0
  let busyMs = 0
  const slice = () => {
    const ms = Math.min(SLICE_MS, endAt - performance.now())
    if (ms > 0) {
      spin(ms)
      slices += 1
      busyMs += ms
    }
    if (endAt - performance.now() > 0) {
      // One turn of the loop between slices: timers, the I/O poll (requests read, answered or shed), then this.
      setImmediate(slice)
      return
    }
    say({ phase: 'end', slices, busyMs: Math.round(busyMs) })
    done()
  }
  say({ phase: 'start', mode: 'loop', sliceMs: SLICE_MS, totalMs: TOTAL_MS })
  // Start in the check phase of this turn, like the later slices.
  setImmediate(slice)
}

/** @param {() => void} done */
const fillTheHeap = (done) => {
  const limit = getHeapStatistics().heap_size_limit
  /** @type {number[][]} */
  let chunks = []
  const release = () => {
    chunks = []
    const collect = /** @type {{ gc?: () => void }} */ (globalThis).gc
    if (collect !== undefined) collect()
    say({ phase: 'end', chunks: 0, collected: collect !== undefined, heapUsed: process.memoryUsage().heapUsed })
    done()
  }
  let marked = MARK_FRACTION === undefined
  const grow = () => {
    const used = process.memoryUsage().heapUsed
    if (!marked && MARK_FRACTION !== undefined && used > MARK_FRACTION * limit) {
      marked = true
      say({ phase: 'over', markFraction: MARK_FRACTION, heapUsed: used, heapLimit: limit })
    }
    if (used < FILL_FRACTION * limit) {
      chunks.push(new Array(CHUNK_ELEMENTS).fill(0.5))
      setImmediate(grow)
      return
    }
    say({ phase: 'full', chunks: chunks.length, heapUsed: process.memoryUsage().heapUsed, heapLimit: limit })
    setTimeout(release, HOLD_MS)
  }
  say({ phase: 'start', mode: 'heap', fillFraction: FILL_FRACTION, holdMs: HOLD_MS, heapLimit: limit })
  setImmediate(grow)
}

let busy = false

process.on('SIGWINCH', () => {
  if (busy) return
  busy = true
  const done = () => {
    busy = false
  }
  if (MODE === 'heap') fillTheHeap(done)
  else blockTheLoop(done)
})
