import { sql, type RawBuilder, type Transaction } from 'kysely'
import type { Database } from '../database/database'

/** Runs a DELETE (written without RETURNING) and answers how many rows it removed. */
export const countDeleted = async (trx: Transaction<Database>, deletion: RawBuilder<unknown>): Promise<number> => {
  const { rows } = await sql<{ n: number }>`
    WITH gone AS (${deletion} RETURNING 1) SELECT count(*)::int AS n FROM gone
  `.execute(trx)
  return rows[0]?.n ?? 0
}
