/**
 * RELIABILITY R1: a batch is atomic when the database crashes.
 *
 *   npm run build && npm run fault:db-kill -- [--children 110000] [--kills 20] [--seed r1]
 *
 * In a private cluster (never the shared server): a clean `early-warning
 * ingest` of a generated city (110,000 children ≈ 1M lines) sets the run's
 * duration T; then, per trial, the same command into a fresh database, and
 * `pg_ctl stop -m immediate` at a moment drawn uniformly in [0, T), restart
 * (crash recovery), check all-or-none, re-send, compare with the clean run
 * (support/kill-trials.ts). Prints "K/K atomic, 0 partial, recovery t s";
 * exits 1 if any trial left a partial batch or ended unlike the clean run.
 */
import { runKillScript } from './support/kill-script'
import { percentile, seconds } from './support/report'

runKillScript({
  title: 'R1 database crash during ingest',
  defaultSeed: 'r1',
  verb: 'stop -m immediate',
  interrupt: async ({ cluster }) => {
    await cluster.stopImmediate()
    return { recoveryMs: await cluster.start() }
  },
  describe: (r) => `recovery ${seconds(Number(r.note['recoveryMs']))}`,
  extra: (results) => {
    const recoveries = results.map((r) => Number(r.note['recoveryMs']))
    const max = Math.max(0, ...recoveries)
    return {
      figures: [
        ['recovery (pg_ctl start -w) mean', seconds(recoveries.reduce((a, b) => a + b, 0) / Math.max(1, recoveries.length))],
        ['recovery p50 / max', `${seconds(percentile(recoveries, 50))} / ${seconds(max)}`],
      ],
      summary: `recovery max ${seconds(max)}`,
    }
  },
}).catch((error: unknown) => {
  process.stderr.write(`db-kill: ${(error as Error).stack ?? String(error)}\n`)
  process.exitCode = 2
})
