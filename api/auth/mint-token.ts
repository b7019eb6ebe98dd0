/**
 * Tokens for the CLI's `token` command (SPEC §5): HS256 with the configured
 * secret, pinned issuer and audience, one role, a subject and an expiry.
 */
import * as E from 'fp-ts/Either'
import type { Config } from '../../config/config'
import type { Role } from './roles'
import { isRole } from './roles'
import { signHs256 } from './hs256'

export interface TokenRequest {
  readonly role: Role
  readonly sub: string
  readonly ttlSeconds: number
}

export const DEFAULT_TTL_SECONDS = 8 * 60 * 60
/** A token is a credential for a working day or so, not for ever. */
export const MAX_TTL_SECONDS = 7 * 24 * 60 * 60

const SUBJECT = /^[\x21-\x7e]{1,128}$/

export const mintToken = (
  config: Pick<Config, 'jwtSecret' | 'jwtIssuer' | 'jwtAudience'>,
  request: TokenRequest,
  nowMs: number = Date.now(),
): E.Either<string, string> => {
  const problems: string[] = []
  if (config.jwtSecret === undefined) problems.push('EW_JWT_SECRET must be set to sign tokens')
  if (!isRole(request.role)) problems.push('role must be one of mash, missing_pilot, virtual_school, yot_analyst, ingest, admin')
  if (!SUBJECT.test(request.sub)) problems.push('sub must be 1 to 128 printable characters without spaces')
  if (!Number.isSafeInteger(request.ttlSeconds) || request.ttlSeconds < 1 || request.ttlSeconds > MAX_TTL_SECONDS) {
    problems.push(`ttl must be a whole number of seconds from 1 to ${MAX_TTL_SECONDS}`)
  }
  if (problems.length > 0 || config.jwtSecret === undefined) return E.left(problems.join('; '))
  const iat = Math.floor(nowMs / 1000)
  return E.right(
    signHs256(
      {
        iss: config.jwtIssuer,
        aud: config.jwtAudience,
        sub: request.sub,
        role: request.role,
        iat,
        nbf: iat,
        exp: iat + request.ttlSeconds,
      },
      config.jwtSecret,
    ),
  )
}
