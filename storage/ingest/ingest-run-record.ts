/** The `ingest_run` row of a batch: opened first, so versions can name it (./finish-batch closes it with the counts). */
import { sql, type Transaction } from 'kysely'
import type { Database } from '../database/database'
import type { IngestRun } from './version-rows'

export const startIngestRun = async (
  trx: Transaction<Database>,
  options: { readonly receivedAt: string; readonly label?: string },
): Promise<IngestRun> => {
  const row = await trx
    .insertInto('ingest_run')
    .values({ started_at: options.receivedAt, label: options.label ?? null, status: 'running', counts: null, finished_at: null })
    .returning([
      'id',
      // The instant every version of the run is stamped with, as the database read it, to the millisecond:
      // written as a value by COPY and as an expression by the other writes, it must be the same text.
      sql<string>`to_char(date_trunc('milliseconds', started_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`.as('received_at'),
    ])
    .executeTakeFirstOrThrow()
  return { id: row.id, receivedAt: row.received_at }
}
