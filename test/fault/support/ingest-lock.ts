/** Whether an ingest is under way in a database: some transaction there holds an advisory lock (ingest's). */
import type { BenchDatabase } from '../../../bench/support/bench-database'
import { sleep } from './http-timing'

export const ingestHoldsLock = async (database: Pick<BenchDatabase, 'query' | 'name'>): Promise<boolean> => {
  const rows = await database.query<{ n: string }>(
    `SELECT count(*) AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
     WHERE l.locktype = 'advisory' AND l.granted AND a.datname = $1`,
    [database.name],
  )
  return Number(rows[0]?.n ?? 0) > 0
}

/** Waits (at most `limitMs`) until an ingest holds its lock; false if none did. */
export const untilIngestUnderWay = async (database: Pick<BenchDatabase, 'query' | 'name'>, limitMs: number): Promise<boolean> => {
  const deadline = Date.now() + limitMs
  while (Date.now() < deadline) {
    if (await ingestHoldsLock(database)) return true
    await sleep(100)
  }
  return false
}
