/** Best-of-N timing: wall seconds, this process's CPU seconds and its garbage collection in the fastest pass. */
import { performance } from 'node:perf_hooks'
import { watchGcPauses } from '../support/gc-pauses'

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

export const timeBest = async <A>(passes: number, run: () => A | Promise<A>, inProcess = true): Promise<Timing<A>> => {
  const gc = watchGcPauses()
  try {
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
        const gcSeconds = await gc.secondsBetween(from, to)
        best = {
          result,
          seconds,
          cpuSeconds: inProcess ? (used.user + used.system) / 1e6 : null,
          gcSeconds: inProcess ? gcSeconds : null,
          passes,
        }
      }
    }
    if (best === undefined) throw new RangeError('at least one pass')
    return best
  } finally {
    gc.stop()
  }
}
