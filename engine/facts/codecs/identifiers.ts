/**
 * Agency identifiers (SPEC §2, DOMAIN.md §10). Spaces are removed and letters
 * upper-cased before checking (the shared `normaliseAgencyIdentifier`), and
 * the decoded fact keeps the normalised form, so `a801 2003 0100 1` and
 * `A80120030100 1` are one pupil.
 *
 * The raw text must be ASCII first: `toUpperCase` maps `ß` to `SS`, `ﬀ` to
 * `FF` and `ı` to `I`, which would let a non-ASCII identifier pass as a
 * different ASCII one.
 */
import { normaliseAgencyIdentifier } from '../identifiers/normalise'
import { isValidNhsNumber } from '../identifiers/nhs-number'
import { isValidUpn } from '../identifiers/upn'
import { codec, fail, ok, type Codec } from './codec'
import { Identifier } from './text'

// Room for spaces between the characters of the longest identifier.
const MAX_RAW_LENGTH = 256

const normalisedFrom = (u: unknown, rawPattern: RegExp): string | undefined =>
  typeof u === 'string' && u.length <= MAX_RAW_LENGTH && rawPattern.test(u) ? normaliseAgencyIdentifier(u) : undefined

const UPN_SHAPE = /^[A-Z]\d{11}[0-9A-Z]$/

export const Upn: Codec<string> = codec(
  'a UPN: a check letter, 11 digits and a final digit or letter (spaces are ignored)',
  (u) => {
    const upn = normalisedFrom(u, /^[A-Za-z0-9 ]+$/)
    if (upn === undefined || !UPN_SHAPE.test(upn)) return fail()
    return isValidUpn(upn) ? ok(upn) : fail('a UPN whose first letter is its check letter (DOMAIN.md §10)')
  },
)

export const NhsNumber: Codec<string> = codec('an NHS number: 10 digits (spaces are ignored)', (u) => {
  const nhs = normalisedFrom(u, /^[0-9 ]+$/)
  if (nhs === undefined || !/^\d{10}$/.test(nhs)) return fail()
  return isValidNhsNumber(nhs) ? ok(nhs) : fail('an NHS number whose last digit is its check digit (DOMAIN.md §10)')
})

/** `policeId`, `socialCareId`, `yjId`: the agencies' own references. */
export const AgencyReference: Codec<string> = codec(
  'an agency reference of 1 to 64 letters, digits, "-" or "/" (spaces are ignored)',
  (u) => {
    const ref = normalisedFrom(u, /^[A-Za-z0-9 /-]+$/)
    return ref !== undefined && /^[A-Z0-9/-]{1,64}$/.test(ref) ? ok(ref) : fail()
  },
)

/** The partnership's own id, taken exactly as sent. */
export const ChildId: Codec<string> = Identifier
