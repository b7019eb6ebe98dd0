/**
 * Codes with a national definition (DOMAIN.md): the only values accepted.
 */
import { matching, oneOf } from './one-of'

/** SSDA903 legal status codes (DOMAIN.md §4). */
export const LEGAL_STATUSES = ['C1', 'C2', 'D1', 'E1', 'J1', 'J2', 'J3', 'L1', 'L2', 'L3', 'V2', 'V3', 'V4'] as const

/** School census exclusion reason codes (DOMAIN.md §3). */
export const EXCLUSION_REASONS = [
  'PP', 'PA', 'VP', 'VA', 'OW', 'BU', 'RA', 'LG', 'DS', 'SM', 'DA', 'DB', 'DM', 'MT', 'PH', 'OT',
] as const

/** Children in Need census assessment factors (DOMAIN.md §6); `8A` does not exist. */
export const ASSESSMENT_FACTOR_CODES = [
  '1A', '1B', '1C', '2A', '2B', '2C', '3A', '3B', '3C', '4A', '4B', '4C', '5A', '5B', '5C', '6A', '6B', '6C',
  '7A', '8B', '8C', '8D', '8E', '8F', '9A', '10A', '11A', '12A', '13A', '14A', '15A', '16A', '17A',
  '18B', '18C', '19B', '19C', '20', '21', '22A', '23A', '24A',
] as const

export const LegalStatus = oneOf(LEGAL_STATUSES, 'an SSDA903 legal status code (C1, C2, D1, E1, J1–J3, L1–L3, V2–V4)')

export const ExclusionReason = oneOf(EXCLUSION_REASONS, `an exclusion reason code (${EXCLUSION_REASONS.join(', ')})`)

export const AssessmentFactorCode = oneOf(
  ASSESSMENT_FACTOR_CODES,
  'a Children in Need assessment factor code (DOMAIN.md §6, e.g. 3B, 10A, 24A)',
)

/** A school's unique reference number. */
export const SchoolUrn = matching(/^\d{6}$/, 'a school URN (six digits)')

/** A DfE ethnicity code such as `WBRI`; the extended codes share the four-letter shape. */
export const Ethnicity = matching(/^[A-Z]{4}$/, 'a DfE ethnicity code (four upper-case letters, e.g. WBRI)')

/**
 * A 3x5x2 grading written `source/information` (DOMAIN.md §8): source
 * reliability R (reliable), U (untested) or N (not reliable), then the
 * information assessment A–E. The handling code is its own field.
 */
export const Grading = matching(/^[RUN]\/[A-E]$/, 'a 3x5x2 grading: R, U or N, a slash, then A to E (e.g. R/B)')
