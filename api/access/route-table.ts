/**
 * Function-level authorisation (OWASP API5, ASVS V8.1.1): every route the app
 * registers, and which roles may call it. Deny by default: the app refuses to
 * start with a route that is not in this table, and a role not listed is
 * refused.
 *
 * How a refusal looks depends on what the route is about. Routes about
 * children or cohorts answer a refused role exactly as they answer a child or
 * cohort that does not exist (404, SPEC §1), so that the route itself gives
 * nothing away; operational routes (ingest, audit, unmatched) answer 403,
 * which says nothing about any child. Object-level scope (which child, which
 * cohort) is decided afterwards by the role's policy (./role-policy).
 */
import type { Role } from '../auth/roles'
import { ROLES } from '../auth/roles'

export type RouteRule =
  | { readonly access: 'public' }
  | {
      readonly access: 'token'
      readonly roles: readonly Role[]
      /** How a role outside `roles` is answered. */
      readonly refusal: 'not-found' | 'forbidden'
      /** Child-level routes audit every answer, refusals included (SPEC §6). */
      readonly childLevel: boolean
    }

const CHILD_READERS: readonly Role[] = ['mash', 'missing_pilot', 'virtual_school']
const COHORT_READERS: readonly Role[] = ['mash', 'missing_pilot', 'virtual_school', 'yot_analyst']

export const ROUTE_TABLE: Readonly<Record<string, RouteRule>> = {
  'GET /health': { access: 'public' },
  'GET /ready': { access: 'public' },
  'GET /docs': { access: 'public' },
  'GET /children': { access: 'token', roles: ['mash'], refusal: 'not-found', childLevel: true },
  'GET /children/:childId/flags': { access: 'token', roles: CHILD_READERS, refusal: 'not-found', childLevel: true },
  'GET /children/:childId/chronology': { access: 'token', roles: CHILD_READERS, refusal: 'not-found', childLevel: true },
  'GET /cohorts/:name': { access: 'token', roles: COHORT_READERS, refusal: 'not-found', childLevel: true },
  'POST /facts': { access: 'token', roles: ['ingest'], refusal: 'forbidden', childLevel: false },
  'GET /rules': { access: 'token', roles: ROLES, refusal: 'forbidden', childLevel: false },
  'GET /audit': { access: 'token', roles: ['admin'], refusal: 'forbidden', childLevel: false },
  'GET /unmatched': { access: 'token', roles: ['admin'], refusal: 'forbidden', childLevel: false },
}

export const routeKey = (method: string, url: string): string => `${method} ${url}`

export const routeRule = (method: string, url: string | undefined): RouteRule | undefined =>
  url === undefined ? undefined : ROUTE_TABLE[routeKey(method, url)]

/** Whether a role may call a route at all; `false` for anything not in the table. */
export const routeAllows = (method: string, url: string | undefined, role: Role): boolean => {
  const rule = routeRule(method, url)
  if (rule === undefined) return false
  return rule.access === 'public' || rule.roles.includes(role)
}
