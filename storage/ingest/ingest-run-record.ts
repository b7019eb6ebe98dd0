/** The `ingest_run` row of a batch: opened first, so versions can name it, and closed with the counts. */
import { sql, type Transaction } from 'kysely'
import type { Database } from '../database/database'
import type { IngestCounts } from './ingest-counts'
import type { IngestRun } from './version-rows'

export const startIngestRun = async (
  trx: Transaction<Database>,
  options: { readonly receivedAt: string; readonly label?: string },
): Promise<IngestRun> => {
  const row = await trx
    .insertInto('ingest_run')
    .values({ started_at: options.receivedAt, label: options.label ?? null, status: 'running', counts: null, finished_at: null })
    .returning('id')
    .executeTakeFirstOrThrow()
  return { id: row.id, receivedAt: options.receivedAt }
}

export const finishIngestRun = async (trx: Transaction<Database>, run: IngestRun, counts: IngestCounts): Promise<void> => {
  await trx
    .updateTable('ingest_run')
    .set({ status: 'completed', counts: JSON.stringify(counts), finished_at: sql<string>`clock_timestamp()` })
    .where('id', '=', run.id)
    .execute()
}
