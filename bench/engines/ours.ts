/**
 * (a) Our engine: the compared rules compiled once, then `evaluateChild` for
 * each child, every raised flag explained and given its evidence (the
 * evaluation builds them for raised flags; reading them here makes sure).
 */
import type { CompiledRuleSet } from '../../engine/evaluate'
import { buildChildContext, evaluateChild } from '../../engine/evaluate'
import type { IsoDate } from '../../engine/facts/fact'
import type { ChildFacts } from '../../engine/linking/child-facts'
import type { FlagList } from './flag-sets'
import { listFlags, newFlagList } from './flag-sets'

export interface OursTotals {
  /** Characters of explanation and pieces of evidence, summed, so neither can be skipped. */
  explained: number
}

export const oursFlags = (compiled: CompiledRuleSet, children: readonly ChildFacts[], asOf: IsoDate, totals: OursTotals): FlagList => {
  const list = newFlagList()
  for (const child of children) {
    const { flags } = evaluateChild(compiled, child, asOf)
    if (flags.length === 0) continue
    const ids: string[] = []
    for (const flag of flags) {
      totals.explained += flag.explanation.length + flag.evidence.length
      ids.push(flag.id)
    }
    listFlags(list, child.child.childId, ids)
  }
  return list
}

/** Values only: each child's context (facts grouped, every rule's value), no explanation. */
export const oursValues = (compiled: CompiledRuleSet, children: readonly ChildFacts[], asOf: IsoDate): FlagList => {
  const list = newFlagList()
  for (const child of children) {
    const ctx = buildChildContext(compiled, child, asOf)
    const ids: string[] = []
    for (const { rule, slot } of compiled.inRuleSetOrder) if (ctx.ruleValue(slot)) ids.push(rule.id)
    listFlags(list, child.child.childId, ids)
  }
  return list
}
