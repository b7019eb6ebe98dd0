/**
 * The server's own database connections, seen from PostgreSQL
 * (`pg_stat_activity`, application_name `early-warning`): what "the pool is
 * back to idle" means from outside the process — no statement running, no
 * transaction left open.
 */
import type { BenchDatabase } from '../../../bench/support/bench-database'
import { sleep } from './http-timing'

export interface PoolState {
  readonly total: number
  readonly idle: number
  readonly active: number
  readonly idleInTransaction: number
}

export const serverConnections = async (database: Pick<BenchDatabase, 'query' | 'name'>): Promise<PoolState> => {
  const rows = await database.query<{ state: string | null; n: string }>(
    `SELECT state, count(*) AS n FROM pg_stat_activity
     WHERE datname = $1 AND application_name = 'early-warning' GROUP BY state`,
    [database.name],
  )
  const count = (state: string): number => Number(rows.find((r) => r.state === state)?.n ?? 0)
  return {
    total: rows.reduce((sum, r) => sum + Number(r.n), 0),
    idle: count('idle'),
    active: count('active'),
    idleInTransaction: count('idle in transaction') + count('idle in transaction (aborted)'),
  }
}

/** Polls until no server connection is busy (at most `limitMs`); the last state seen. */
export const settledConnections = async (database: Pick<BenchDatabase, 'query' | 'name'>, limitMs: number): Promise<PoolState> => {
  const deadline = Date.now() + limitMs
  let state = await serverConnections(database)
  while ((state.active > 0 || state.idleInTransaction > 0) && Date.now() < deadline) {
    await sleep(250)
    state = await serverConnections(database)
  }
  return state
}

export const poolText = (s: PoolState): string =>
  `${s.total} connections: ${s.idle} idle, ${s.active} active, ${s.idleInTransaction} idle in transaction`
