/**
 * Ingest and scoring transactions do more than the pool's 5-second
 * statement timeout allows; they raise the limits for themselves only
 * (`set_config(…, true)` is `SET LOCAL`: it ends with the transaction).
 */
import { sql, type Transaction } from 'kysely'

export const LONG_STATEMENT_TIMEOUT = '600s'

export const allowLongStatements = async <DB>(trx: Transaction<DB>): Promise<void> => {
  await sql`
    SELECT set_config('statement_timeout', ${LONG_STATEMENT_TIMEOUT}, true),
           set_config('lock_timeout', ${LONG_STATEMENT_TIMEOUT}, true),
           set_config('idle_in_transaction_session_timeout', '120s', true),
           -- Big multi-row statements would otherwise cross the JIT threshold and pay for compiling.
           set_config('jit', 'off', true)
  `.execute(trx)
}

/** Advisory lock keys: one writer of each kind at a time, so held state read at the start stays true. */
export const LOCK_KEY = {
  ingest: 7_350_001,
  scoring: 7_350_002,
} as const

/**
 * Taken in a statement of its own, after `allowLongStatements`: a statement
 * keeps the statement timeout it started with, so a lock taken in the same
 * statement that raises the limits would still be cancelled after the pool's
 * 5 s (test/storage/database/long-transaction.test.ts).
 */
export const takeTransactionLock = async <DB>(trx: Transaction<DB>, key: number): Promise<void> => {
  await sql`SELECT pg_advisory_xact_lock(${key}::bigint)`.execute(trx)
}
