/**
 * Writing the audit record of one request, in the code path that then sends
 * the answer. If the write fails, the request fails with 503 and no data
 * (fail closed, RELIABILITY L3); the failure is logged without its message.
 */
import type { FastifyRequest } from 'fastify'
import type { Clock } from '../clock'
import { problem } from '../problems'
import type { AuditEntry, AuditOutcome, WriteAudit } from './audit-entry'
import { sanitisePurpose } from './purpose'

export interface AuditFacts {
  readonly outcome: AuditOutcome
  readonly childIds?: readonly string[]
  readonly cohort?: string | null
}

export const auditEntryOf = (request: FastifyRequest, clock: Clock, facts: AuditFacts): AuditEntry => ({
  occurredAt: new Date(clock.now()).toISOString(),
  sub: request.principal?.sub ?? null,
  iss: request.principal?.iss ?? null,
  role: request.principal?.role ?? null,
  method: request.method,
  route: request.routeOptions.url ?? '(no route)',
  childIds: facts.childIds ?? [],
  cohort: facts.cohort ?? null,
  outcome: facts.outcome,
  purpose: sanitisePurpose(request.headers['x-purpose']),
  requestId: request.id,
})

export const recordAudit = async (
  writeAudit: WriteAudit,
  clock: Clock,
  request: FastifyRequest,
  facts: AuditFacts,
): Promise<void> => {
  try {
    await writeAudit(auditEntryOf(request, clock, facts))
  } catch (err) {
    request.log.error({ err, event: 'audit_write_failed', route: request.routeOptions.url }, 'audit write failed')
    throw problem('service-unavailable', { detail: 'The audit log cannot be written, so no data can be returned.' })
  }
}
