/**
 * @fastify/jwt's options. It accepts every algorithm unless told otherwise
 * (RELIABILITY §2 API2), so the algorithm list is pinned to HS256, and the
 * issuer and audience to the configured ones. fast-jwt checks `iss`, `aud`
 * and `iat` only when a token has them, so they are required claims too: a
 * token without an audience was accepted before. No token lives longer than
 * `token` mints one for (`maxAge`, counted from `iat`).
 */
import type { FastifyJWTOptions } from '@fastify/jwt'
import { MAX_TTL_SECONDS } from './mint-token'

export interface JwtSettings {
  readonly secret: string
  readonly issuer: string
  readonly audience: string
}

/** Seconds of clock skew tolerated on `exp` and `nbf`. */
export const CLOCK_TOLERANCE_SECONDS = 30

export const jwtOptions = (settings: JwtSettings): FastifyJWTOptions => ({
  secret: settings.secret,
  verify: {
    algorithms: ['HS256'],
    allowedIss: [settings.issuer],
    allowedAud: [settings.audience],
    requiredClaims: ['iss', 'aud', 'sub', 'role', 'iat', 'exp'],
    // Seconds: @fastify/jwt turns a number of seconds into fast-jwt's milliseconds (clockTolerance it passes as it is).
    maxAge: MAX_TTL_SECONDS,
    clockTolerance: CLOCK_TOLERANCE_SECONDS * 1000,
  },
  // The service never signs through the plugin; mint-token signs for the CLI.
  sign: { algorithm: 'HS256' },
})
