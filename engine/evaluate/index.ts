/**
 * The evaluator: a rule set compiled once, then applied to one child at a time.
 *
 *   const compiled = compileRuleSet(ruleSet)               // once per rule set
 *   const evaluation = evaluateChild(compiled, child, asOf) // flags, score, tier, outcomes
 *
 * Evaluating any other condition for a child (e.g. cohort membership), with
 * the rule results available to its `{ "rule": … }` references:
 *
 *   const members = compileCondition(definition.members, compiled)  // once
 *   const isMember = compileConditionValue(definition.members, compiled) // once: whether it holds, no more
 *   const ctx = buildChildContext(compiled, child, asOf)           // once per child: one pass over the facts, every rule's value
 *   const result = members(ctx)                                    // NodeResult: result.value, its numbers, its hits (dateOf(hit))
 *   isMember(ctx)                                                  // result.value, reading rule values instead of their results
 *   explainResult(result); evidenceOf(result)                      // words and evidence, on demand
 *   evaluationInContext(compiled, ctx)                             // the child's evaluation, reusing the same context
 *   ruleResultOf(compiled, ctx, 'MISSING_REPEAT')                  // one rule's NodeResult (e.g. its count)
 *   factReach(compiled, asOf, [definition.members])               // which facts these can read as of D (readsFact): the rest may be skipped
 *
 * How it is fast (bench:engines): a rule's value comes from one pass over the
 * child's facts, each fact dated once and visited by every leaf that reads its
 * kind (./plan); a rule's full result (numbers, hits), which explanations and
 * evidence are made from, is worked out only when asked for: for raised flags,
 * outcomes, cohorts. `evaluation.outcomes` (every rule, raised or not, with
 * its explanation) is written on first read, since explaining the rules that
 * did not fire costs more than evaluating them and most callers read only the
 * flags.
 *
 * `eventDate(fact)` is the date a rule windows a fact by (SPEC §3 "Time").
 * Everything here is pure: the same facts (in any order), rule set and as-of
 * date give the same output.
 */
export { compileCondition, compileConditionValue, compileRuleSet, factReach } from './compile-rule-set'
export { readsFact } from './fact-reach'
export type { FactReach, KindReach } from './fact-reach'
export type { CompiledRule, CompiledRuleSet } from './compile-rule-set'
export type { CompiledCondition } from './compiled-condition'
export type { ChildContext, FactContext } from './child-context'
export type { AsOfFrame } from './as-of-frame'
export { dateOf } from './dated-fact'
export type { DatedFact } from './dated-fact'
export { buildChildContext, evaluateChild, evaluationInContext, ruleResultOf } from './evaluate-child'
export { eventDate, eventDay } from './event-date'
export { evidenceOf } from './evidence'
export { explainResult } from './explain'
export type { NodeResult } from './node-result'
export { tierOf } from './tier'
export * from './evaluation'
