/**
 * Real bearer tokens for load scripts, signed like `early-warning token`
 * (api/auth/mint-token). Many subjects, because the rate limit (300 a minute)
 * is per person: a load of 1,000 requests a second is many practitioners,
 * not one.
 */
import * as E from 'fp-ts/Either'
import { mintToken } from '../../api/auth/mint-token'
import type { Role } from '../../api/auth/roles'

export interface TokenSecrets {
  readonly jwtSecret: string
}

const ISSUER = 'early-warning'

export const tokenOf = (secrets: TokenSecrets, role: Role, sub: string, ttlSeconds = 3600): string => {
  const token = mintToken({ jwtSecret: secrets.jwtSecret, jwtIssuer: ISSUER, jwtAudience: ISSUER }, { role, sub, ttlSeconds })
  if (E.isLeft(token)) throw new Error(`could not mint a token: ${token.left}`)
  return token.right
}

/** `count` tokens of one role, for subjects `<role>-bench-1` … `<role>-bench-<count>`. */
export const tokensOf = (secrets: TokenSecrets, role: Role, count: number, ttlSeconds = 3600): readonly string[] =>
  Array.from({ length: count }, (_, i) => tokenOf(secrets, role, `${role}-bench-${i + 1}`, ttlSeconds))

/**
 * Enough subjects for `rps` requests a second over `seconds` to stay under a
 * limit of `perMinute` per subject, with room to spare: the requests of any
 * one minute (`rps × 60`, fewer if the run is shorter), at most half the
 * limit each.
 */
export const subjectsFor = (rps: number, seconds: number, perMinute = 300): number =>
  Math.max(1, Math.ceil((rps * Math.min(seconds, 60)) / (perMinute / 2)))
