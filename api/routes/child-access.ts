/**
 * The one path by which a route reaches a single child: load it, decide on
 * today's date whether it exists for the caller's role, and audit a refusal
 * before answering 404. Unknown and out-of-scope children get the same answer
 * (SPEC §1); only the audit record tells them apart.
 */
import type { FastifyRequest } from 'fastify'
import type { ChildFacts } from '../../engine/linking/child-facts'
import type { IsoDate } from '../../engine/facts/fact'
import { isIsoDate } from '../../engine/time/calendar'
import type { AppDeps } from '../app-deps'
import type { Principal } from '../auth/principal'
import { todayInLondon } from '../clock'
import { problem } from '../problems'
import { recordAudit } from '../audit/record-audit'
import { MISSING_PILOT_COHORT, policyOf } from '../access/role-policy'
import { maySee } from '../access/child-scope'

export type RouteDeps = Pick<AppDeps, 'services' | 'clock' | 'writeAudit' | 'ruleSet' | 'pseudonymKey'>

/** The verified caller; authentication and the route table ran before any handler. */
export const principalOf = (request: FastifyRequest): Principal => {
  if (request.principal === null) throw problem('unauthorized')
  return request.principal
}

export const visibleChild = async (deps: RouteDeps, request: FastifyRequest, childId: string): Promise<ChildFacts> => {
  const policy = policyOf(principalOf(request).role)
  const child = await deps.services.childFacts(childId)
  if (child === undefined) {
    await recordAudit(deps.writeAudit, deps.clock, request, { outcome: 'not_found', childIds: [childId] })
    throw problem('not-found')
  }
  const today = todayInLondon(deps.clock)
  const inMissingPilotToday = () => deps.services.inCohort(MISSING_PILOT_COHORT, child, today)
  if (!(await maySee(policy, child, { today, inMissingPilotToday }))) {
    await recordAudit(deps.writeAudit, deps.clock, request, { outcome: 'denied', childIds: [childId] })
    throw problem('not-found')
  }
  return child
}

/** An optional date parameter: absent gives the default; a date that does not exist is a 400. */
export const dateParam = (name: string, value: string | undefined, fallback: IsoDate): IsoDate => {
  if (value === undefined) return fallback
  if (!isIsoDate(value)) {
    throw problem('invalid-input', { errors: [{ in: 'querystring', path: name, expected: 'a date YYYY-MM-DD that exists' }] })
  }
  return value
}
