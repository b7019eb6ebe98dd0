/**
 * What evaluating a condition for one child needs, built once per child: the
 * as-of frame, the child's age on D, its facts indexed by kind (event date on
 * or before D, sorted), and the result of every rule of the compiled set.
 */
import type { ChildRecord } from '../facts/fact'
import type { AsOfFrame } from './as-of-frame'
import type { FactIndex } from './dated-fact'
import type { NodeResult } from './node-result'

export interface FactContext {
  readonly child: ChildRecord
  readonly frame: AsOfFrame
  readonly age: number
  readonly facts: FactIndex
}

export interface ChildContext extends FactContext {
  /** Rule results by the rule's position in the compiled (topological) order. */
  readonly ruleResults: readonly NodeResult[]
}
