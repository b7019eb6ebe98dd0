/**
 * Runs a whole transaction again when the database failed it for a reason
 * that goes away (RELIABILITY §4.4 R4, §5 "pg / kysely"): a serialization
 * failure or deadlock victim, a backend terminated by an administrator or a
 * restart, a connection that broke. Anything else (a unique violation, bad
 * input, a refused batch) is thrown at once: running it again would fail the
 * same way, or worse, hide a bug.
 *
 * The caller's `fn` must be the whole transaction, so that a retry starts
 * from nothing; ingest is idempotent, so a retry after a commit whose answer
 * was lost is an unchanged re-send.
 */

/**
 * SQLSTATEs worth another attempt: 40001 serialization_failure,
 * 40P01 deadlock_detected, 57P01 admin_shutdown (pg_terminate_backend, a fast
 * stop), 57P02 crash_shutdown, 57P03 cannot_connect_now (the server is
 * starting), 08000/08003/08006 connection exceptions.
 */
export const TRANSIENT_SQLSTATES: ReadonlySet<string> = new Set(['40001', '40P01', '57P01', '57P02', '57P03', '08000', '08003', '08006'])

/** Socket errors of a connection that was reset under us. */
const RESET_CODES: ReadonlySet<string> = new Set(['ECONNRESET', 'EPIPE'])

/** node-postgres reports a connection lost mid-query without a code; these are its messages. */
const RESET_MESSAGES: readonly RegExp[] = [/^Connection terminated/, /^Client has encountered a connection error and is not queryable/]

export const isTransientDatabaseError = (error: unknown): boolean => {
  if (typeof error !== 'object' || error === null) return false
  const code = (error as { code?: unknown }).code
  if (typeof code === 'string') return TRANSIENT_SQLSTATES.has(code) || RESET_CODES.has(code)
  const message = (error as { message?: unknown }).message
  return typeof message === 'string' && RESET_MESSAGES.some((pattern) => pattern.test(message))
}

/** A label for logs: the SQLSTATE or socket code, never the message (it may hold values). */
export const transientCode = (error: unknown): string => {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : 'connection-lost'
}

export interface RetryNotice {
  /** The attempt that failed, from 1. */
  readonly attempt: number
  readonly code: string
  /** How long until the next attempt. */
  readonly delayMs: number
}

export interface RetryOptions {
  /** Attempts in all, the first included (default 5). */
  readonly maxAttempts?: number
  /** The first back-off ceiling; it doubles with each attempt (default 50 ms). */
  readonly baseMs?: number
  /** No wait is longer than this (default 2,000 ms). */
  readonly capMs?: number
  /** Uniform in [0, 1); injected so tests are deterministic. */
  readonly random?: () => number
  readonly sleep?: (ms: number) => Promise<void>
  readonly onRetry?: (notice: RetryNotice) => void
}

export const RETRY_DEFAULTS = { maxAttempts: 5, baseMs: 50, capMs: 2000 } as const

/**
 * "Full jitter": a wait drawn uniformly below a ceiling that doubles per
 * attempt up to the cap, so clients that failed together do not come back
 * together.
 */
export const backoffMs = (attempt: number, baseMs: number, capMs: number, random: () => number): number =>
  Math.floor(random() * Math.min(capMs, baseMs * 2 ** (attempt - 1)))

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** `fn(attempt)` until it succeeds, fails for good, or the attempts run out (then the last error is thrown). */
export const withTransientRetry = async <A>(fn: (attempt: number) => Promise<A>, options: RetryOptions = {}): Promise<A> => {
  const maxAttempts = Math.max(1, options.maxAttempts ?? RETRY_DEFAULTS.maxAttempts)
  const baseMs = options.baseMs ?? RETRY_DEFAULTS.baseMs
  const capMs = options.capMs ?? RETRY_DEFAULTS.capMs
  const random = options.random ?? Math.random
  const sleep = options.sleep ?? realSleep
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt)
    } catch (error) {
      if (attempt >= maxAttempts || !isTransientDatabaseError(error)) throw error
      const delayMs = backoffMs(attempt, baseMs, capMs, random)
      options.onRetry?.({ attempt, code: transientCode(error), delayMs })
      await sleep(delayMs)
    }
  }
}
