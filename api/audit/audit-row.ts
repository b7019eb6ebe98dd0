/**
 * Audit entries ↔ `audit_event` rows. The table (storage/migrations) has no
 * columns yet for the token's issuer, the HTTP method or the cohort, and
 * requires `sub` and `role`; until it does, they are carried as follows, in
 * this file only:
 * - `route` holds `METHOD /pattern` and, on cohort routes, ` cohort=<name>`
 *   (cohort names are checked against `^[a-z0-9-]+$` before they get here);
 * - `sub` holds `iss|sub` when the issuer is not the default one, else `sub`;
 * - an unauthenticated request is stored with `sub` and `role` `-`.
 */
import type { Role } from '../auth/roles'
import { isRole } from '../auth/roles'
import type { AuditEntry, AuditOutcome } from './audit-entry'

export const NO_ONE = '-'
const COHORT_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/

export interface AuditEventInsert {
  readonly sub: string
  readonly role: string
  readonly route: string
  readonly child_ids: readonly string[]
  readonly outcome: string
  readonly purpose: string | null
  readonly request_id: string
}

export interface AuditEventSelect extends AuditEventInsert {
  readonly id: string
  readonly at: string
}

export const subjectColumn = (sub: string | null, iss: string | null, defaultIssuer: string): string =>
  sub === null ? NO_ONE : iss === null || iss === defaultIssuer ? sub : `${iss}|${sub}`

export const auditRowOf = (entry: AuditEntry, defaultIssuer: string): AuditEventInsert => {
  const cohort = entry.cohort !== null && COHORT_NAME.test(entry.cohort) ? ` cohort=${entry.cohort}` : ''
  return {
    sub: subjectColumn(entry.sub, entry.iss, defaultIssuer),
    role: entry.role ?? NO_ONE,
    route: `${entry.method} ${entry.route}${cohort}`,
    child_ids: entry.childIds,
    outcome: entry.outcome,
    purpose: entry.purpose,
    request_id: entry.requestId,
  }
}

const OUTCOMES: readonly AuditOutcome[] = ['ok', 'not_found', 'denied', 'unauthenticated']
const ROUTE = /^([A-Z]+) (\S+)(?: cohort=([a-z0-9-]+))?$/

export interface StoredAuditEntry extends AuditEntry {
  readonly id: string
}

export const auditEntryOfRow = (row: AuditEventSelect, defaultIssuer: string): StoredAuditEntry => {
  const route = ROUTE.exec(row.route)
  const bar = row.sub.lastIndexOf('|')
  const role: Role | null = isRole(row.role) ? row.role : null
  return {
    id: row.id,
    occurredAt: row.at,
    sub: row.sub === NO_ONE ? null : bar < 0 ? row.sub : row.sub.slice(bar + 1),
    iss: row.sub === NO_ONE ? null : bar < 0 ? defaultIssuer : row.sub.slice(0, bar),
    role,
    method: route?.[1] ?? '',
    route: route?.[2] ?? row.route,
    childIds: row.child_ids,
    cohort: route?.[3] ?? null,
    outcome: OUTCOMES.find((o) => o === row.outcome) ?? 'ok',
    purpose: row.purpose,
    requestId: row.request_id,
  }
}
