/**
 * Waits (bounded) for a started server's start-up cohort computation (its
 * `cohorts_ready` log event), so that what a bench times afterwards is the
 * server at work, not the server still computing a whole city's cohorts.
 * Returns how long the computation took, or undefined if it did not finish
 * within `limitMs`.
 */
export const cohortsWarm = async (logRecords: () => readonly Record<string, unknown>[], limitMs: number): Promise<number | undefined> => {
  const started = Date.now()
  while (Date.now() - started < limitMs) {
    const ready = logRecords().find((r) => r['event'] === 'cohorts_ready')
    if (ready !== undefined) return Number(ready['ms'])
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  return undefined
}
