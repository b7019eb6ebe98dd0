/**
 * A condition compiled to closures: the JSON is read once, at compile time,
 * and each child only runs the closures. Two closures per node, with the same
 * meaning: `test` says whether the condition holds, from the child's tally
 * (./plan) and the values of the rules before it, and runs for every rule of
 * every child; `result` also keeps the numbers and the facts read, for
 * explanations and evidence, and runs only when those are wanted (a raised
 * flag, an outcome, a cohort). Leaves make both from the same visits;
 * test/engine/evaluate checks that they agree.
 */
import type { ChildContext } from './child-context'
import type { NodeResult } from './node-result'
import type { Tally } from './plan'

export type CompiledCondition = (ctx: ChildContext) => NodeResult

export type CompiledTest = (ctx: ChildContext, tally: Tally) => boolean

export interface CompiledNode {
  readonly test: CompiledTest
  readonly result: CompiledCondition
}
