/** Best-of-N timing: wall seconds and this process's CPU seconds of the fastest pass. */
export interface Timing<A> {
  readonly result: A
  readonly seconds: number
  /** User + system CPU of this process in the fastest pass; null when the work ran elsewhere (the database). */
  readonly cpuSeconds: number | null
  readonly passes: number
}

export const timeBest = async <A>(passes: number, run: () => A | Promise<A>, inProcess = true): Promise<Timing<A>> => {
  let best: Timing<A> | undefined
  for (let i = 0; i < passes; i += 1) {
    const cpu = process.cpuUsage()
    const start = process.hrtime.bigint()
    const result = await run()
    const seconds = Number(process.hrtime.bigint() - start) / 1e9
    const used = process.cpuUsage(cpu)
    if (best === undefined || seconds < best.seconds) {
      best = { result, seconds, cpuSeconds: inProcess ? (used.user + used.system) / 1e6 : null, passes }
    }
  }
  if (best === undefined) throw new RangeError('at least one pass')
  return best
}
