/**
 * Authentication, as an `onRequest` hook on every route that needs a token.
 *
 * The token comes from exactly one `Authorization: Bearer` header
 * (./bearer-token); one whose header names a key (`kid`, `jku`, …) is
 * refused, and the rest verified by @fastify/jwt (fast-jwt) with HS256
 * only, the pinned issuer and audience, `iss`, `aud`, `sub`, `role`, `iat`
 * and `exp` required, and no older than the longest token `token` mints
 * (./jwt-options). The claims must then name one known role as a string.
 * Every failure answers the same 401 problem, and is logged as an auth failure
 * with its reason and the route pattern, never the token. On child-level
 * routes the refusal is audited too. Failures count against the caller's
 * address in the rate limiter (there is no subject to key on yet).
 */
import * as E from 'fp-ts/Either'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { problem } from '../problems'
import { routeRule } from '../access/route-table'
import type { Clock } from '../clock'
import type { WriteAudit } from '../audit/audit-entry'
import { recordAudit } from '../audit/record-audit'
import { bearerToken } from './bearer-token'
import type { Principal } from './principal'
import { principalOfClaims } from './principal'

const REASON = /^[A-Za-z0-9_-]{1,64}$/

/** Why a token was refused, safe to log: a fixed word or a fast-jwt error code. */
const verifyFailure = (err: unknown): string => {
  const code = (err as { code?: unknown } | null)?.code
  return typeof code === 'string' && REASON.test(code) ? code : 'invalid-token'
}

/** Header parameters that pick or carry a key. The service has one key, so a token naming any is asking for a key it does not know (RELIABILITY A7). */
const KEY_HEADERS = ['kid', 'jku', 'jwk', 'x5u', 'x5c', 'x5t', 'x5t#S256'] as const

const namesAKey = (token: string): boolean => {
  const dot = token.indexOf('.')
  // Not shaped like a JWT: verifying refuses it.
  if (dot <= 0) return false
  try {
    const header: unknown = JSON.parse(Buffer.from(token.slice(0, dot), 'base64url').toString('utf8'))
    return typeof header === 'object' && header !== null && KEY_HEADERS.some((k) => k in header)
  } catch {
    return false
  }
}

export const authenticateToken = (app: FastifyInstance, request: FastifyRequest): E.Either<string, Principal> => {
  const token = bearerToken(request.raw.rawHeaders, request.raw.url ?? '')
  if (E.isLeft(token)) return token
  if (namesAKey(token.right)) return E.left('unknown-key')
  let claims: unknown
  try {
    claims = app.jwt.verify(token.right)
  } catch (err) {
    return E.left(verifyFailure(err))
  }
  return E.mapLeft((claim: string) => `claim-${claim}`)(principalOfClaims(claims))
}

/** Counts a request against its (address) bucket; false once the bucket is spent. */
export type FailureLimiter = (request: FastifyRequest) => Promise<boolean>

export const authenticateHook =
  (
    app: FastifyInstance,
    deps: { readonly writeAudit: WriteAudit; readonly clock: Clock },
    failureLimiter: FailureLimiter,
  ) =>
  async (request: FastifyRequest): Promise<void> => {
    const rule = routeRule(request.method, request.routeOptions.url)
    if (rule === undefined || rule.access === 'public') return
    const result = authenticateToken(app, request)
    if (E.isRight(result)) {
      request.principal = result.right
      return
    }
    request.log.warn(
      { event: 'auth_failure', reason: result.left, method: request.method, route: request.routeOptions.url },
      'authentication failed',
    )
    // Refusals are counted per address, so a flood of bad tokens cannot flood the audit log either.
    if (!(await failureLimiter(request))) throw problem('rate-limited')
    if (rule.childLevel) await recordAudit(deps.writeAudit, deps.clock, request, { outcome: 'unauthenticated' })
    throw problem('unauthorized', { headers: { 'www-authenticate': 'Bearer' } })
  }
