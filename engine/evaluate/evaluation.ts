/**
 * What evaluating one child gives (SPEC §3 "Flags (output)").
 */
import type { FactKind, IsoDate } from '../facts/fact'

export type RuleCategory =
  | 'missing'
  | 'education'
  | 'domestic_abuse'
  | 'social_care'
  | 'police_intelligence'
  | 'youth_justice'
  | 'composite'

export type Tier = 'high' | 'medium' | 'low' | 'none'

export interface RuleSetIdentity {
  readonly id: string
  readonly version: string
  readonly hash: string
}

/** The record a rule read: `date` is the event date the rule windowed it by. */
export interface FactEvidence {
  readonly kind: FactKind
  readonly source: string
  readonly sourceId: string
  readonly date: IsoDate
  readonly grading?: string
  readonly handlingCode?: 'P' | 'C'
}

/** Intelligence with handling code C, as shown to roles other than MASH. */
export interface RestrictedEvidence {
  readonly kind: 'drug_intelligence'
  readonly restricted: true
}

export type Evidence = FactEvidence | RestrictedEvidence

export interface Flag {
  readonly id: string
  readonly title: string
  readonly category: RuleCategory
  readonly weight: number
  readonly explanation: string
  readonly evidence: readonly Evidence[]
  readonly since?: IsoDate
}

/** Every rule's outcome, raised or not, so "no attendance data" can be told from "attendance is fine". */
export interface RuleOutcome {
  readonly id: string
  readonly raised: boolean
  readonly explanation: string
}

export interface ChildEvaluation {
  readonly childId: string
  readonly asOf: IsoDate
  readonly ruleSet: RuleSetIdentity
  readonly score: number
  readonly tier: Tier
  /** Raised flags, by weight (highest first), then id. */
  readonly flags: readonly Flag[]
  /** Every rule in rule-set order. */
  readonly outcomes: readonly RuleOutcome[]
}

/** SPEC §3's JSON document for one child. */
export interface FlagsDocument {
  readonly childId: string
  readonly asOf: IsoDate
  readonly ruleSet: RuleSetIdentity
  readonly score: number
  readonly tier: Tier
  readonly flags: readonly Flag[]
}

export const toFlagsDocument = (e: ChildEvaluation): FlagsDocument => ({
  childId: e.childId,
  asOf: e.asOf,
  ruleSet: e.ruleSet,
  score: e.score,
  tier: e.tier,
  flags: e.flags,
})
