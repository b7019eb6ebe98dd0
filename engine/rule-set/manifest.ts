/**
 * `rules/manifest.json`: the rule set's id and version, the tier thresholds,
 * the assessment factor → ACE category mapping (DOMAIN.md §6) and the cohort
 * definitions (SPEC §4).
 */
import * as t from 'io-ts'
import { ACE_CATEGORIES } from '../facts/fact'
import type { AceCategory } from '../facts/fact'
import { ASSESSMENT_FACTOR_CODES } from '../facts/codecs/codes'
import { NonEmptyString, PositiveWholeNumber, closed, isPlainObject, literalOf } from './closed-type'
import { CohortDefinition } from './cohort-definition'

export interface Tiers {
  readonly high: number
  readonly medium: number
  readonly low: number
}

export type AceByFactor = Readonly<Record<string, AceCategory>>

export interface Manifest {
  readonly id: string
  readonly version: string
  readonly tiers: Tiers
  readonly aceByFactor: AceByFactor
  readonly cohorts: readonly CohortDefinition[]
}

const FACTOR_CODES: ReadonlySet<string> = new Set(ASSESSMENT_FACTOR_CODES)
const isAssessmentFactorCode = (s: string): boolean => FACTOR_CODES.has(s)

const AceCategoryCodec = literalOf(ACE_CATEGORIES, 'an ACE category')

const ACE_BY_FACTOR = 'an object mapping assessment factor codes to ACE categories'

/** Both sides are checked: the key must be a factor code, the value an ACE category. */
export const AceByFactor = new t.Type<AceByFactor, AceByFactor, unknown>(
  ACE_BY_FACTOR,
  (u): u is AceByFactor =>
    isPlainObject(u) && Object.entries(u).every(([k, v]) => isAssessmentFactorCode(k) && AceCategoryCodec.is(v)),
  (u, c) => {
    if (!isPlainObject(u)) return t.failure(u, c, ACE_BY_FACTOR)
    const errors: t.ValidationError[] = []
    for (const [key, value] of Object.entries(u)) {
      const at: t.Context = [...c, { key, type: AceCategoryCodec, actual: value }]
      if (!isAssessmentFactorCode(key))
        errors.push({ value: key, context: at, message: 'an assessment factor code from DOMAIN.md §6 as the key' })
      if (!AceCategoryCodec.is(value)) errors.push({ value, context: at, message: AceCategoryCodec.name })
    }
    return errors.length > 0 ? t.failures(errors) : t.success(u as AceByFactor)
  },
  t.identity,
)

export const Tiers: t.Type<Tiers, Tiers, unknown> = closed('tiers', {
  high: PositiveWholeNumber,
  medium: PositiveWholeNumber,
  low: PositiveWholeNumber,
})

export const Manifest: t.Type<Manifest, Manifest, unknown> = closed('manifest', {
  id: NonEmptyString,
  version: NonEmptyString,
  tiers: Tiers,
  aceByFactor: AceByFactor,
  cohorts: t.readonlyArray(CohortDefinition),
})
