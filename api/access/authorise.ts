/**
 * The route-level authoriser: one `preHandler` on every route, after
 * authentication and rate limiting, that applies the route table. A refusal
 * on a child-level route is audited and answered as "not found"; elsewhere it
 * is a 403. Object-level scope (which child, which cohort) is applied by the
 * route's own code through the role's policy.
 */
import type { FastifyRequest } from 'fastify'
import { problem } from '../problems'
import type { Clock } from '../clock'
import type { WriteAudit } from '../audit/audit-entry'
import { recordAudit } from '../audit/record-audit'
import { routeRule } from './route-table'

/** The child or cohort a refused request asked about, for the audit record. */
export const askedAbout = (
  request: FastifyRequest,
): { readonly childIds: readonly string[]; readonly cohort: string | null } => {
  const params = (request.params ?? {}) as Record<string, unknown>
  const childId = params['childId']
  const cohort = params['name']
  return {
    childIds: typeof childId === 'string' ? [childId] : [],
    cohort: typeof cohort === 'string' ? cohort : null,
  }
}

export const authoriseHook =
  (deps: { readonly writeAudit: WriteAudit; readonly clock: Clock }) =>
  async (request: FastifyRequest): Promise<void> => {
    const rule = routeRule(request.method, request.routeOptions.url)
    if (rule === undefined) throw problem('not-found')
    if (rule.access === 'public') return
    const role = request.principal?.role
    // Authentication ran first; a missing principal here is a wiring fault, refused all the same.
    if (role === undefined) throw problem('unauthorized')
    if (rule.roles.includes(role)) return
    request.log.info({ event: 'access_denied', role, method: request.method, route: request.routeOptions.url }, 'route refused')
    if (rule.refusal === 'forbidden') throw problem('forbidden')
    if (rule.childLevel) await recordAudit(deps.writeAudit, deps.clock, request, { outcome: 'denied', ...askedAbout(request) })
    throw problem('not-found')
  }
