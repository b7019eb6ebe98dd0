/**
 * @fastify/jwt's options. It accepts every algorithm unless told otherwise
 * (RELIABILITY §2 API2), so the algorithm list is pinned to HS256, and the
 * issuer and audience to the configured ones.
 */
import type { FastifyJWTOptions } from '@fastify/jwt'

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
    requiredClaims: ['sub', 'role', 'exp'],
    clockTolerance: CLOCK_TOLERANCE_SECONDS * 1000,
  },
  // The service never signs through the plugin; mint-token signs for the CLI.
  sign: { algorithm: 'HS256' },
})
