/**
 * One child's evaluation as of D: its context built once (facts grouped by
 * kind, every rule's value worked out in dependency order), then, for the
 * raised rules only, the full results that their explanations and evidence
 * are made from, the score and the tier.
 */
import type { IsoDate } from '../facts/fact'
import type { ChildFacts } from '../linking/child-facts'
import type { ChildContext } from './child-context'
import type { CompiledRuleSet } from './compile-rule-set'
import { EvaluationContext } from './evaluation-context'
import type { ChildEvaluation, Flag, RuleOutcome, RuleSetIdentity, Tier } from './evaluation'
import { evidenceOf } from './evidence'
import { explainResult } from './explain'
import type { NodeResult } from './node-result'
import { tierOf } from './tier'

export const buildChildContext = (compiled: CompiledRuleSet, childFacts: ChildFacts, asOf: IsoDate): ChildContext =>
  new EvaluationContext(compiled.plan, compiled.ordered, childFacts.child, childFacts.facts, compiled.frameFor(asOf))

/** The result of one rule in a built context, or undefined for an id not in the set. */
export const ruleResultOf = (compiled: CompiledRuleSet, ctx: ChildContext, ruleId: string): NodeResult | undefined => {
  const rule = compiled.byId.get(ruleId)
  return rule === undefined ? undefined : ctx.ruleResult(rule.slot)
}

const byWeightThenId = (a: Flag, b: Flag): number => b.weight - a.weight || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

/** A raised rule's full result; a value test and a result that disagree are a bug in the evaluator. */
const raisedResult = (ctx: ChildContext, slot: number, ruleId: string): NodeResult => {
  const result = ctx.ruleResult(slot)
  if (!result.value) throw new Error(`rule ${ruleId}: its value test and its result disagree`)
  return result
}

/**
 * `outcomes` (every rule, raised or not, explained) is written on first read:
 * explaining the rules that did not fire costs more than the rest of the
 * evaluation, and most callers read only the flags. A class, so that the
 * getter lives on the prototype (see ./evaluation-context); `toJSON` keeps
 * the serialised form every field, outcomes included.
 */
class Evaluation implements ChildEvaluation {
  readonly #compiled: CompiledRuleSet
  readonly #ctx: ChildContext
  #outcomes: readonly RuleOutcome[] | undefined

  constructor(
    compiled: CompiledRuleSet,
    ctx: ChildContext,
    readonly childId: string,
    readonly asOf: IsoDate,
    readonly ruleSet: RuleSetIdentity,
    readonly score: number,
    readonly tier: Tier,
    readonly flags: readonly Flag[],
  ) {
    this.#compiled = compiled
    this.#ctx = ctx
  }

  get outcomes(): readonly RuleOutcome[] {
    this.#outcomes ??= this.#compiled.inRuleSetOrder.map(({ rule, slot }): RuleOutcome => {
      const result = this.#ctx.ruleResult(slot)
      return { id: rule.id, raised: result.value, explanation: explainResult(result) }
    })
    return this.#outcomes
  }

  toJSON(): Omit<ChildEvaluation, 'outcomes'> & { readonly outcomes: readonly RuleOutcome[] } {
    const { childId, asOf, ruleSet, score, tier, flags, outcomes } = this
    return { childId, asOf, ruleSet, score, tier, flags, outcomes }
  }
}

const NO_FLAGS: readonly Flag[] = Object.freeze([])

export const evaluationInContext = (compiled: CompiledRuleSet, ctx: ChildContext): ChildEvaluation => {
  // Most children raise nothing: their list of flags is one shared empty array.
  let flags: Flag[] | undefined
  let score = 0
  for (const { rule, slot } of compiled.inRuleSetOrder) {
    if (!ctx.ruleValue(slot)) continue
    const result = raisedResult(ctx, slot, rule.id)
    score += rule.weight
    flags ??= []
    flags.push({
      id: rule.id,
      title: rule.title,
      category: rule.category,
      weight: rule.weight,
      explanation: explainResult(result),
      evidence: evidenceOf(result),
    })
  }
  if (flags !== undefined && flags.length > 1) flags.sort(byWeightThenId)
  const tier = tierOf(score, compiled.ruleSet.tiers)
  return new Evaluation(compiled, ctx, ctx.child.childId, ctx.frame.asOf, compiled.identity, score, tier, flags ?? NO_FLAGS)
}

export const evaluateChild = (compiled: CompiledRuleSet, child: ChildFacts, asOf: IsoDate): ChildEvaluation =>
  evaluationInContext(compiled, buildChildContext(compiled, child, asOf))
