/** Best-of-N timing: wall seconds, this process's CPU seconds and its garbage collection in the fastest pass. */
import { PerformanceObserver, performance } from 'node:perf_hooks'

export interface Timing<A> {
  readonly result: A
  readonly seconds: number
  /** User + system CPU of this process in the fastest pass; null when the work ran elsewhere (the database). */
  readonly cpuSeconds: number | null
  /**
   * V8's garbage collection pauses that began in the fastest pass, as its own
   * `gc` entries report them (a sampling profile attributes more to GC than
   * this: bench/HISTORY.md, 2026-11-27); null when the work ran elsewhere.
   */
  readonly gcSeconds: number | null
  readonly passes: number
}

interface Pause {
  readonly start: number
  readonly duration: number
}

/** V8 hands its `gc` entries to observers on a later turn of the event loop: a pass's are read this long after it. */
const ENTRIES_ARRIVE_MS = 20

/** Runs `work` with a reader of the garbage-collection pauses reported since it began. */
const watchingPauses = async <A>(work: (pauses: () => Promise<readonly Pause[]>) => Promise<A>): Promise<A> => {
  const seen: Pause[] = []
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) seen.push({ start: e.startTime, duration: e.duration })
  })
  observer.observe({ entryTypes: ['gc'] })
  try {
    return await work(() => new Promise((resolve) => setTimeout(() => resolve(seen), ENTRIES_ARRIVE_MS)))
  } finally {
    observer.disconnect()
  }
}

export const timeBest = async <A>(passes: number, run: () => A | Promise<A>, inProcess = true): Promise<Timing<A>> =>
  watchingPauses(async (pauses) => {
    let best: Timing<A> | undefined
    for (let i = 0; i < passes; i += 1) {
      const cpu = process.cpuUsage()
      const from = performance.now()
      const start = process.hrtime.bigint()
      const result = await run()
      const seconds = Number(process.hrtime.bigint() - start) / 1e9
      const to = performance.now()
      const used = process.cpuUsage(cpu)
      if (best === undefined || seconds < best.seconds) {
        const gcMs = (await pauses()).filter((p) => p.start >= from && p.start < to).reduce((sum, p) => sum + p.duration, 0)
        best = {
          result,
          seconds,
          cpuSeconds: inProcess ? (used.user + used.system) / 1e6 : null,
          gcSeconds: inProcess ? gcMs / 1000 : null,
          passes,
        }
      }
    }
    if (best === undefined) throw new RangeError('at least one pass')
    return best
  })
