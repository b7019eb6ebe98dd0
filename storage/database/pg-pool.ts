/**
 * The pg pool for a PostgreSQL server (RELIABILITY §5 "pg / kysely"):
 * bounded waits everywhere, a server-side statement timeout that ingest and
 * scoring raise for their own transactions, and an `error` listener, because
 * an idle client's error with no listener takes the whole process down
 * (RELIABILITY §3 item 1). Statements marked `PREPARED` are prepared once
 * per connection (`prepared-statements.ts`); copies go by the COPY
 * sub-protocol (`copy-from-stdin.ts`).
 */
import { Pool, types as pgTypes, type CustomTypesConfig } from 'pg'
import { sendMarkedCopies } from './copy-from-stdin'
import { prepareMarkedStatements } from './prepared-statements'
import { TYPE_PARSERS } from './type-parsers'

/** What a pool error may tell a log: its SQLSTATE or Node error code, never its message. */
export interface PoolErrorEvent {
  readonly code: string | undefined
}

export interface PgPoolOptions {
  readonly connectionString: string
  readonly schema?: string
  readonly onPoolError: (event: PoolErrorEvent) => void
  /**
   * Connections kept open however long they stay idle (pg-pool's `min`;
   * default none): the idle timeout closes only those above it.
   */
  readonly keepOpen?: number
  /** How long an idle connection above `keepOpen` stays open (default 10 s, RELIABILITY §5). */
  readonly idleTimeoutMillis?: number
}

// Parsers live on the pool's own `types`, not pg's global registry, so
// nothing else in the process changes behaviour because we opened a pool.
const POOL_TYPES: CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    const ours = TYPE_PARSERS[oid]
    if (ours !== undefined && format !== 'binary') return ours
    return format === undefined ? pgTypes.getTypeParser(oid) : pgTypes.getTypeParser(oid, format)
  }) as CustomTypesConfig['getTypeParser'],
}

const codeOf = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : undefined
}

export const createPgPool = (options: PgPoolOptions): Pool => {
  const pool = new Pool({
    connectionString: options.connectionString,
    max: 10,
    min: options.keepOpen ?? 0,
    connectionTimeoutMillis: 2000,
    idleTimeoutMillis: options.idleTimeoutMillis ?? 10_000,
    statement_timeout: 5000,
    lock_timeout: 2000,
    idle_in_transaction_session_timeout: 10_000,
    // No client-side query_timeout: it cannot be raised per transaction the
    // way SET LOCAL statement_timeout can, and ingest statements run longer.
    application_name: 'early-warning',
    keepAlive: true,
    types: POOL_TYPES,
    ...(options.schema === undefined ? {} : { options: `-c search_path=${options.schema}` }),
  })
  pool.on('error', (error) => options.onPoolError({ code: codeOf(error) }))
  // pg-pool removes its own listener while a client is checked out: a server
  // ending the connection under a transaction (a crash, pg_terminate_backend)
  // would then be an uncaught exception. The error still reaches the query
  // that was running, or the next one, where the transient retry sees it.
  pool.on('connect', (client) => {
    client.on('error', (error) => options.onPoolError({ code: codeOf(error) }))
    prepareMarkedStatements(client)
    sendMarkedCopies(client)
  })
  return pool
}
