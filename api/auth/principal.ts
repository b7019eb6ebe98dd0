/**
 * Who is calling: the verified token's issuer and subject (together they
 * identify a person, ASVS V10.3.3) and its single role.
 */
import * as E from 'fp-ts/Either'
import type { Role } from './roles'
import { isRole } from './roles'

export interface Principal {
  readonly sub: string
  readonly iss: string
  readonly role: Role
}

/** Subjects are identifiers, not prose: printable, no spaces or controls, bounded. */
const SUBJECT = /^[\x21-\x7e]{1,128}$/

export type ClaimsProblem = 'sub' | 'iss' | 'role'

/** The principal of verified claims, or the claim that is missing or malformed. */
export const principalOfClaims = (claims: unknown): E.Either<ClaimsProblem, Principal> => {
  if (typeof claims !== 'object' || claims === null) return E.left('sub')
  const { sub, iss, role } = claims as Record<string, unknown>
  if (typeof sub !== 'string' || !SUBJECT.test(sub)) return E.left('sub')
  if (typeof iss !== 'string' || iss === '') return E.left('iss')
  // A role array, an unknown role or a role in another case is not a role.
  if (!isRole(role)) return E.left('role')
  return E.right({ sub, iss, role })
}
