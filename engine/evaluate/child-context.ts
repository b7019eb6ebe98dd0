/**
 * What evaluating a condition for one child needs, built once per child: the
 * as-of frame, the child's age on D, its facts by kind (event date on or
 * before D), and every rule of the compiled set: its value, worked out when
 * the context is built, and its full result (numbers and facts read), worked
 * out when first asked for.
 */
import type { ChildRecord, FactKind } from '../facts/fact'
import type { AsOfFrame } from './as-of-frame'
import type { DatedFact } from './dated-fact'
import type { NodeResult } from './node-result'

export interface FactContext {
  readonly child: ChildRecord
  readonly frame: AsOfFrame
  readonly age: number
  /** The child's facts of a kind dated on or before D, with their event dates, in the order they came. */
  factsOf(kind: FactKind): readonly DatedFact[]
}

export interface ChildContext extends FactContext {
  /** Whether the rule at this position of the compiled (topological) order holds. */
  ruleValue(slot: number): boolean
  /** That rule's full result, with the numbers its explanation needs and the facts it read. */
  ruleResult(slot: number): NodeResult
}
