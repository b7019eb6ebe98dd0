/**
 * Whether an error means "the database cannot serve now" rather than "this
 * request is wrong" (RELIABILITY R5, R6): the pool gave up waiting for a
 * connection (`connectionTimeoutMillis`), the server refused or dropped the
 * connection, is shutting down or starting, has no connection slot, or
 * cancelled a statement that ran past `statement_timeout` / `lock_timeout`.
 * The API answers these 503 with `Retry-After`, not 500, and the command
 * line exits 75 (try again later): the caller did nothing wrong. Only codes and fixed driver messages are read,
 * never anything the input could have put in a message.
 */

/** Node socket errors on the way to the server. */
const SOCKET_CODES: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN'])

/** SQLSTATEs: class 08 (connection exception) is matched by prefix. */
const SQLSTATES: ReadonlySet<string> = new Set([
  '53300', // too_many_connections
  '57014', // query_canceled (statement_timeout)
  '55P03', // lock_not_available (lock_timeout)
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, shutting down, recovering)
])

/** node-postgres and pg-pool say these in fixed words (they carry no code). */
const DRIVER_MESSAGES: readonly RegExp[] = [
  /^timeout exceeded when trying to connect$/,
  /^Connection terminated/,
  /^Client has encountered a connection error and is not queryable$/,
  /^Client was closed and is not queryable$/,
  /^Query read timeout$/,
]

export const isDatabaseUnavailable = (error: unknown): boolean => {
  if (typeof error !== 'object' || error === null) return false
  const { code, message } = error as { code?: unknown; message?: unknown }
  if (typeof code === 'string' && (SOCKET_CODES.has(code) || SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true
  return typeof message === 'string' && typeof code !== 'string' && DRIVER_MESSAGES.some((pattern) => pattern.test(message))
}
