/**
 * Writes rows 1..total in chunks, each chunk one transaction with the
 * statement limits raised for it alone (storage/database/long-transaction):
 * the pool's 5 s statement timeout would cut a big INSERT … SELECT short on
 * a busy machine.
 */
import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../../../storage/database/database'
import { allowLongStatements } from '../../../storage/database/long-transaction'

export const insertInChunks = async (
  db: Kysely<Database>,
  total: number,
  chunk: number,
  insert: (trx: Transaction<Database>, first: number, last: number) => Promise<unknown>,
  onChunk?: (done: number) => void,
): Promise<void> => {
  for (let done = 0; done < total; done += chunk) {
    const last = Math.min(total, done + chunk)
    await db.transaction().execute(async (trx) => {
      await allowLongStatements(trx)
      await insert(trx, done + 1, last)
    })
    onChunk?.(last)
  }
}
