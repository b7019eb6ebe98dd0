/**
 * Compiles a rule set once: rules ordered so that every rule comes after the
 * rules it refers to (ties kept in rule-set order), each condition turned into
 * closures (a value test and a full result, ./compiled-condition). Evaluating
 * a child then never re-reads the JSON.
 */
import type { IsoDate } from '../facts/fact'
import type { Condition } from '../rule-set/condition'
import { ruleReferences } from '../rule-set/condition-nodes'
import type { Rule, RuleSet } from '../rule-set/rule-set'
import { asOfFrame } from './as-of-frame'
import type { AsOfFrame } from './as-of-frame'
import type { ChildContext } from './child-context'
import { compileNode } from './compile-condition'
import type { CompileEnv, RuleSlot } from './compile-condition'
import type { CompiledCondition, CompiledTest } from './compiled-condition'
import { widerReach } from './fact-reach'
import type { FactReach } from './fact-reach'
import { planBuilder } from './plan'
import type { Plan } from './plan'
import type { RuleSetIdentity } from './evaluation'

export interface CompiledRule {
  readonly rule: Rule
  /** Position in the compiled order: where the rule's result sits in `ChildContext.ruleResults`. */
  readonly slot: number
  /** Whether the rule holds: run for every rule of every child. */
  readonly test: CompiledTest
  /** The full result: run for raised rules, outcomes and rule references in results. */
  readonly condition: CompiledCondition
}

export interface CompiledRuleSet {
  readonly ruleSet: RuleSet
  readonly identity: RuleSetIdentity
  /** Topological order: a rule's references come before it. */
  readonly ordered: readonly CompiledRule[]
  /** Rule-set order (the order of `ruleSet.rules`), for outcomes. */
  readonly inRuleSetOrder: readonly CompiledRule[]
  readonly byId: ReadonlyMap<string, CompiledRule>
  /** The shared facts about an as-of date; the last one is remembered, since a run uses one D for every child. */
  readonly frameFor: (asOf: IsoDate) => AsOfFrame
  /** How conditions compiled against this set resolve rule references. */
  readonly env: CompileEnv
  /** How the rules read a child's facts for their values: one pass over the facts (./plan). */
  readonly plan: Plan
}

/** Kahn's algorithm, taking ready rules in rule-set order so the result is stable. */
const topologicalOrder = (rules: readonly Rule[]): readonly Rule[] => {
  const ids = new Set(rules.map((r) => r.id))
  const dependsOn = new Map(rules.map((r) => [r.id, new Set(ruleReferences(r.condition).map((x) => x.id).filter((id) => ids.has(id)))]))
  const done = new Set<string>()
  const ordered: Rule[] = []
  while (ordered.length < rules.length) {
    const ready = rules.find((r) => !done.has(r.id) && [...(dependsOn.get(r.id) ?? [])].every((d) => done.has(d)))
    if (ready === undefined) throw new Error('rule set has a cycle between rules; decodeRuleSet refuses such sets')
    done.add(ready.id)
    ordered.push(ready)
  }
  return ordered
}

export const compileRuleSet = (ruleSet: RuleSet): CompiledRuleSet => {
  const ordered = topologicalOrder(ruleSet.rules)
  const slots = new Map<string, RuleSlot>(ordered.map((rule, slot) => [rule.id, { slot, title: rule.title }]))
  const builder = planBuilder(ordered.length)
  const env: CompileEnv = { aceByFactor: ruleSet.aceByFactor, ruleSlot: (id) => slots.get(id), plan: builder }
  const compiled = ordered.map((rule, slot): CompiledRule => {
    const node = compileNode(rule.condition, env)
    return { rule, slot, test: node.test, condition: node.result }
  })
  const byId = new Map(compiled.map((c) => [c.rule.id, c]))
  let lastFrame: AsOfFrame | undefined
  return {
    ruleSet,
    identity: { id: ruleSet.id, version: ruleSet.version, hash: ruleSet.hash },
    ordered: compiled,
    inRuleSetOrder: ruleSet.rules.map((r) => byId.get(r.id) as CompiledRule),
    byId,
    frameFor: (asOf) => {
      if (lastFrame === undefined || lastFrame.asOf !== asOf) lastFrame = asOfFrame(asOf)
      return lastFrame
    },
    env,
    plan: builder.build(),
  }
}

/**
 * Compiles any condition (e.g. a cohort's membership) against a compiled rule
 * set, so its `rule` references read the rule results of a `ChildContext`.
 * Throws on a reference to a rule not in the set: decoded rule sets have none.
 */
export const compileCondition = (condition: Condition, compiled: CompiledRuleSet): CompiledCondition =>
  // Only the result is given out, so the value visits this condition's leaves make are not needed.
  compileNode(condition, { ...compiled.env, plan: planBuilder(compiled.ordered.length) }).result

/**
 * Whether a condition holds, for callers that need only that (cohort
 * membership while scoring or listing a cohort): `rule` references read the
 * rule's value, `all`/`any` stop at the first part that decides them, and only
 * a leaf works out its full result (a leaf outside the rule set has no place
 * in the plan's one pass). The same answer as `compileCondition(…)(ctx).value`.
 */
export const compileConditionValue = (condition: Condition, compiled: CompiledRuleSet): ((ctx: ChildContext) => boolean) => {
  if ('rule' in condition) {
    const rule = compiled.byId.get(condition.rule)
    if (rule === undefined) throw new Error(`condition refers to rule ${condition.rule}, which is not in the compiled rule set`)
    const { slot } = rule
    return (ctx) => ctx.ruleValue(slot)
  }
  if ('not' in condition) {
    const part = compileConditionValue(condition.not, compiled)
    return (ctx) => !part(ctx)
  }
  if ('all' in condition) {
    const parts = condition.all.map((c) => compileConditionValue(c, compiled))
    return (ctx) => parts.every((part) => part(ctx))
  }
  if ('any' in condition) {
    const parts = condition.any.map((c) => compileConditionValue(c, compiled))
    return (ctx) => parts.some((part) => part(ctx))
  }
  const leaf = compileCondition(condition, compiled)
  return (ctx) => leaf(ctx).value
}

/**
 * Which of a child's facts the compiled rules, and any other conditions
 * evaluated beside them (a cohort's membership), can read as of D
 * (./fact-reach): evaluating over only those gives the same evaluation, so a
 * reader of many children may skip the rest.
 */
export const factReach = (compiled: CompiledRuleSet, asOf: IsoDate, conditions: readonly Condition[] = []): FactReach => {
  const frame = compiled.frameFor(asOf)
  const ofRules = compiled.plan.reachFor(frame)
  if (conditions.length === 0) return ofRules
  // The conditions' own leaves are not in the rule set's plan: a plan of their own says what they read.
  const builder = planBuilder(compiled.ordered.length)
  for (const condition of conditions) compileNode(condition, { ...compiled.env, plan: builder })
  return widerReach(ofRules, builder.build().reachFor(frame))
}
