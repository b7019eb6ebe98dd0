/** The tier of a score under the manifest's thresholds (SPEC §3: high from 10, medium from 5, low from 1). */
import type { Tiers } from '../rule-set/manifest'
import type { Tier } from './evaluation'

export const tierOf = (score: number, tiers: Tiers): Tier =>
  score >= tiers.high ? 'high' : score >= tiers.medium ? 'medium' : score >= tiers.low ? 'low' : 'none'
