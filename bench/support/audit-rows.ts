/** Audit rows written for a route with outcome `ok`, counted in the database under test (RELIABILITY L2, S1). */
import type { BenchDatabase } from './bench-database'

export const LOOKUP_AUDIT_ROUTE = 'GET /children/:childId/flags'

export const okAuditRows = async (database: Pick<BenchDatabase, 'query'>, routePrefix: string): Promise<number> => {
  const rows = await database.query<{ n: string }>(
    `SELECT count(*) AS n FROM audit_event WHERE outcome = 'ok' AND route LIKE $1`,
    [`${routePrefix.replace(/[%_\\]/g, (c) => `\\${c}`)}%`],
  )
  return Number(rows[0]?.n ?? 0)
}

/**
 * The count once the server has finished what it was given: requests still in
 * flight when an earlier run stopped (a warm-up, a probe) write their rows
 * after it, so the count is read until it holds still (bounded).
 */
export const settledOkAuditRows = async (database: Pick<BenchDatabase, 'query'>, routePrefix: string): Promise<number> => {
  let last = await okAuditRows(database, routePrefix)
  for (let i = 0; i < 40; i++) {
    await new Promise((resolve) => setTimeout(resolve, 250))
    const now = await okAuditRows(database, routePrefix)
    if (now === last) return now
    last = now
  }
  return last
}
