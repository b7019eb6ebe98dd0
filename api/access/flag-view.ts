/**
 * One child's flags as a role may see them (SPEC §1, §3 "Flags (output)").
 *
 * - Flags of categories outside the role's are dropped. The score and tier are
 *   then those of the flags shown, so a number cannot reveal flags the role
 *   may not see (a Virtual School officer's score counts education flags only).
 * - Evidence is limited to facts of the role's categories too (RELIABILITY
 *   P1, A4): the Virtual School's `LAC_ATTENDANCE` shows its attendance
 *   summaries, not the care period that is its other half.
 * - Except for MASH, evidence from intelligence with handling code C becomes
 *   `{ kind: 'drug_intelligence', restricted: true }`.
 */
import type { Evidence, Flag, FlagsDocument, ChildEvaluation, Tier } from '../../engine/evaluate/evaluation'
import type { FactKind } from '../../engine/facts/fact'
import type { RolePolicy } from './role-policy'
import { seesCategory } from './role-policy'
import { CATEGORY_OF_KIND } from './chronology-view'

export const RESTRICTED_EVIDENCE: Evidence = { kind: 'drug_intelligence', restricted: true }

const isRestricted = (e: Evidence): boolean => 'handlingCode' in e && e.handlingCode === 'C'

/** Whether a role sees evidence of this kind: the child's own record goes with the child, as its names do. */
export const seesEvidenceOf = (policy: RolePolicy, kind: FactKind): boolean =>
  policy.categories === 'all' || kind === 'child' || seesCategory(policy, CATEGORY_OF_KIND[kind])

export const evidenceFor = (policy: RolePolicy, evidence: readonly Evidence[]): readonly Evidence[] => {
  const ofItsCategories = policy.categories === 'all' ? evidence : evidence.filter((e) => seesEvidenceOf(policy, e.kind))
  return policy.restrictedIntelligence === 'shown' ? ofItsCategories : ofItsCategories.map((e) => (isRestricted(e) ? RESTRICTED_EVIDENCE : e))
}

export const flagsFor = (policy: RolePolicy, flags: readonly Flag[]): readonly Flag[] =>
  flags.filter((f) => seesCategory(policy, f.category)).map((f) => ({ ...f, evidence: evidenceFor(policy, f.evidence) }))

export const flagsDocumentFor = (
  policy: RolePolicy,
  evaluation: ChildEvaluation,
  tierOf: (score: number) => Tier,
): FlagsDocument => {
  const flags = flagsFor(policy, evaluation.flags)
  const everything = policy.categories === 'all'
  const score = everything ? evaluation.score : flags.reduce((sum, f) => sum + f.weight, 0)
  return {
    childId: evaluation.childId,
    asOf: evaluation.asOf,
    ruleSet: evaluation.ruleSet,
    score,
    tier: everything ? evaluation.tier : tierOf(score),
    flags,
  }
}
