/**
 * One child's flags as a role may see them (SPEC §1, §3 "Flags (output)").
 *
 * - Flags of categories outside the role's are dropped. The score and tier are
 *   then those of the flags shown, so a number cannot reveal flags the role
 *   may not see (a Virtual School officer's score counts education flags only).
 * - Except for MASH, evidence from intelligence with handling code C becomes
 *   `{ kind: 'drug_intelligence', restricted: true }`.
 */
import type { Evidence, Flag, FlagsDocument, ChildEvaluation, Tier } from '../../engine/evaluate/evaluation'
import type { RolePolicy } from './role-policy'
import { seesCategory } from './role-policy'

export const RESTRICTED_EVIDENCE: Evidence = { kind: 'drug_intelligence', restricted: true }

const isRestricted = (e: Evidence): boolean => 'handlingCode' in e && e.handlingCode === 'C'

export const evidenceFor = (policy: RolePolicy, evidence: readonly Evidence[]): readonly Evidence[] =>
  policy.restrictedIntelligence === 'shown' ? evidence : evidence.map((e) => (isRestricted(e) ? RESTRICTED_EVIDENCE : e))

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
