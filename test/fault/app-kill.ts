/**
 * RELIABILITY R2: a batch is atomic when the ingesting process is killed.
 *
 *   npm run build && npm run fault:app-kill -- [--children 110000] [--kills 20] [--seed r2]
 *
 * As R1 (support/kill-trials.ts), but the interruption is SIGKILL to the
 * `early-warning ingest` process at a moment drawn uniformly over a clean
 * run. After each kill, the killed process's server sessions are watched
 * until they are gone: none may stay `idle in transaction` past
 * idle_in_transaction_session_timeout (ingest sets 120 s for its own
 * transaction). Runs in a private cluster, so it never holds locks in the
 * shared server.
 */
import { Client } from 'pg'
import { runKillScript } from './support/kill-script'
import type { InterruptContext } from './support/kill-trials'
import { seconds } from './support/report'

/** The ingest's own idle-in-transaction limit (storage/database/long-transaction.ts), plus a margin. */
const IDLE_LIMIT_MS = 120_000 + 5_000

/** Kills the command, then waits until the server has no session of it left. */
const killAndWatch = async ({ cluster, database, cli }: InterruptContext): Promise<Record<string, number>> => {
  cli.child.kill('SIGKILL')
  await cli.exited
  const killedAt = performance.now()
  const client = new Client({ connectionString: cluster.url('postgres') })
  await client.connect()
  let idleInTransactionSeen = 0
  let left = 0
  try {
    for (;;) {
      const { rows } = await client.query<{ state: string | null }>(
        `SELECT state FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
        [database],
      )
      idleInTransactionSeen = Math.max(idleInTransactionSeen, rows.filter((r) => r.state?.startsWith('idle in transaction') === true).length)
      left = rows.length
      if (left === 0 || performance.now() - killedAt > IDLE_LIMIT_MS) break
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  } finally {
    await client.end()
  }
  return { sessionsGoneMs: performance.now() - killedAt, sessionsLeft: left, idleInTransactionSeen }
}

runKillScript({
  title: 'R2 ingesting process killed',
  defaultSeed: 'r2',
  verb: 'SIGKILL',
  interrupt: killAndWatch,
  describe: (r) => `sessions gone after ${seconds(Number(r.note['sessionsGoneMs']))}`,
  extra: (results, invariants) => {
    const gone = results.map((r) => Number(r.note['sessionsGoneMs']))
    const lingering = results.filter((r) => Number(r.note['sessionsLeft']) > 0).length
    invariants.check(lingering === 0, `${lingering} trial(s) left a session of the killed process past ${IDLE_LIMIT_MS / 1000} s`)
    return {
      figures: [
        ['killed sessions gone, max', seconds(Math.max(0, ...gone))],
        ['trials that saw an idle-in-transaction session', results.filter((r) => Number(r.note['idleInTransactionSeen']) > 0).length],
        [`sessions left after ${IDLE_LIMIT_MS / 1000} s`, lingering],
      ],
      summary: `${lingering} lingering sessions`,
    }
  },
}).catch((error: unknown) => {
  process.stderr.write(`app-kill: ${(error as Error).stack ?? String(error)}\n`)
  process.exitCode = 2
})
