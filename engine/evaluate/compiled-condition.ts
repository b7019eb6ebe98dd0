/**
 * A condition compiled to a closure: the JSON is read once, at compile time,
 * and each child only runs the closure against its context.
 */
import type { ChildContext } from './child-context'
import type { NodeResult } from './node-result'

export type CompiledCondition = (ctx: ChildContext) => NodeResult
