/**
 * One audit record (SPEC §6; DPA 2018 s62): who consulted which children,
 * through which route, when, why, and what they were told. Written before any
 * child-level data leaves, and for refusals too.
 */
import type { Role } from '../auth/roles'

/**
 * `ok`: the data was sent. `not_found`: no such child or cohort.
 * `denied`: it exists but the role may not see it (answered as not found).
 * `unauthenticated`: no valid token (answered 401).
 */
export type AuditOutcome = 'ok' | 'not_found' | 'denied' | 'unauthenticated'

export interface AuditEntry {
  /** UTC, RFC 3339 with milliseconds. */
  readonly occurredAt: string
  /** `sub` and `iss` of the token; null when the request had no valid token. */
  readonly sub: string | null
  readonly iss: string | null
  readonly role: Role | null
  readonly method: string
  /** The route pattern, e.g. `/children/:childId/flags`; never the URL. */
  readonly route: string
  /** The children the answer was about (or that were asked about, for refusals). */
  readonly childIds: readonly string[]
  /** The cohort asked for, on cohort routes. */
  readonly cohort: string | null
  readonly outcome: AuditOutcome
  /** The client's `X-Purpose`, sanitised; null when absent. */
  readonly purpose: string | null
  readonly requestId: string
}

/** Awaited before data is sent; a rejection means the request must fail (fail closed). */
export type WriteAudit = (entry: AuditEntry) => Promise<void>
