/**
 * One child's evaluation as of D: its context built once (facts indexed by
 * kind, every rule evaluated in dependency order), then the raised flags with
 * their explanations and evidence, the score and the tier.
 */
import type { IsoDate } from '../facts/fact'
import type { ChildFacts } from '../linking/child-facts'
import type { ChildContext } from './child-context'
import type { CompiledRuleSet } from './compile-rule-set'
import { indexFacts } from './dated-fact'
import type { ChildEvaluation, Flag, RuleOutcome } from './evaluation'
import { evidenceOf } from './evidence'
import { explainResult } from './explain'
import type { NodeResult } from './node-result'
import { tierOf } from './tier'

export const buildChildContext = (compiled: CompiledRuleSet, childFacts: ChildFacts, asOf: IsoDate): ChildContext => {
  const frame = compiled.frameFor(asOf)
  const ruleResults: NodeResult[] = []
  const ctx: ChildContext = {
    child: childFacts.child,
    frame,
    age: frame.ageOf(childFacts.child.dateOfBirth),
    facts: indexFacts(childFacts.facts, frame.asOfDay),
    ruleResults,
  }
  // Filled in dependency order while the context is private to this function;
  // a rule reads only results of rules before it.
  for (const rule of compiled.ordered) ruleResults.push(rule.condition(ctx))
  return ctx
}

/** The result of one rule in a built context, or undefined for an id not in the set. */
export const ruleResultOf = (compiled: CompiledRuleSet, ctx: ChildContext, ruleId: string): NodeResult | undefined => {
  const rule = compiled.byId.get(ruleId)
  return rule === undefined ? undefined : ctx.ruleResults[rule.slot]
}

const byWeightThenId = (a: Flag, b: Flag): number => b.weight - a.weight || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)


export const evaluationInContext = (compiled: CompiledRuleSet, ctx: ChildContext): ChildEvaluation => {
  const flags: Flag[] = []
  let score = 0
  for (const { rule, slot } of compiled.inRuleSetOrder) {
    const result = ctx.ruleResults[slot] as NodeResult
    if (!result.value) continue
    score += rule.weight
    flags.push({
      id: rule.id,
      title: rule.title,
      category: rule.category,
      weight: rule.weight,
      explanation: explainResult(result),
      evidence: evidenceOf(result),
    })
  }
  let outcomes: readonly RuleOutcome[] | undefined
  return {
    childId: ctx.child.childId,
    asOf: ctx.frame.asOf,
    ruleSet: compiled.identity,
    score,
    tier: tierOf(score, compiled.ruleSet.tiers),
    flags: flags.sort(byWeightThenId),
    // Explaining every rule that did not fire costs more than the rest of the
    // evaluation, and most callers only read the flags: written on first read.
    get outcomes(): readonly RuleOutcome[] {
      outcomes ??= compiled.inRuleSetOrder.map(({ rule, slot }): RuleOutcome => {
        const result = ctx.ruleResults[slot] as NodeResult
        return { id: rule.id, raised: result.value, explanation: explainResult(result) }
      })
      return outcomes
    },
  }
}

export const evaluateChild = (compiled: CompiledRuleSet, child: ChildFacts, asOf: IsoDate): ChildEvaluation =>
  evaluationInContext(compiled, buildChildContext(compiled, child, asOf))
