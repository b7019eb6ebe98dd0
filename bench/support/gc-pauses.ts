/**
 * V8's garbage-collection pauses in this process, as its own `gc` entries
 * report them (a sampling profile attributes more to GC than this:
 * bench/HISTORY.md, 2026-11-27), summed over a span of time.
 */
import { PerformanceObserver } from 'node:perf_hooks'

export interface GcPauses {
  /** Seconds of the pauses that began in [from, to) (`performance.now()` times), once V8 has reported them. */
  secondsBetween(from: number, to: number): Promise<number>
  stop(): void
}

/** V8 hands its `gc` entries to observers on a later turn of the event loop: a span's are read this long after it. */
const ENTRIES_ARRIVE_MS = 20

export const watchGcPauses = (): GcPauses => {
  const seen: { readonly start: number; readonly duration: number }[] = []
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) seen.push({ start: e.startTime, duration: e.duration })
  })
  observer.observe({ entryTypes: ['gc'] })
  return {
    secondsBetween: async (from, to) => {
      await new Promise((resolve) => setTimeout(resolve, ENTRIES_ARRIVE_MS))
      return seen.filter((p) => p.start >= from && p.start < to).reduce((sum, p) => sum + p.duration, 0) / 1000
    },
    stop: () => observer.disconnect(),
  }
}
