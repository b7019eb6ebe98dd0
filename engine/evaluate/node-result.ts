/**
 * The evaluated condition tree: one result per condition node, never skipped
 * (no short-circuit holes), carrying the numbers the explanation needs and the
 * facts each leaf read. Results are built fresh and never mutated; a `rule`
 * node points at the referenced rule's own result.
 */
import type { IsoDate } from '../facts/fact'
import type {
  AbsenceRateSpec,
  AgeSpec,
  CountSpec,
  DistinctSpec,
  OpenSpec,
  ReturnInterviewOverdueSpec,
  SumSpec,
} from '../rule-set/condition'
import type { DatedFact } from './dated-fact'

interface Leaf {
  readonly value: boolean
  readonly asOf: IsoDate
  /** The facts that make (or would make) this leaf true, each dated by the event date it was read by. */
  readonly hits: readonly DatedFact[]
}

export interface CountResult extends Leaf {
  readonly tag: 'count'
  readonly spec: CountSpec
  readonly count: number
}

export interface SumResult extends Leaf {
  readonly tag: 'sum'
  readonly spec: SumSpec
  readonly total: number
}

export interface AbsenceRateResult extends Leaf {
  readonly tag: 'absenceRate'
  readonly spec: AbsenceRateSpec
  readonly possible: number
  readonly absent: number
}

export interface DistinctResult extends Leaf {
  readonly tag: 'distinct'
  readonly spec: DistinctSpec
  /** The distinct values found (after mapping), sorted. */
  readonly values: readonly string[]
}

export interface OpenResult extends Leaf {
  readonly tag: 'open'
  readonly spec: OpenSpec
}

export interface AgeResult extends Leaf {
  readonly tag: 'age'
  readonly spec: AgeSpec
  readonly age: number
}

export interface ReturnInterviewOverdueResult extends Leaf {
  readonly tag: 'returnInterviewOverdue'
  readonly spec: ReturnInterviewOverdueSpec
}

export interface RuleResult {
  readonly tag: 'rule'
  readonly value: boolean
  readonly ruleId: string
  readonly title: string
  readonly result: NodeResult
}

export interface AllResult {
  readonly tag: 'all'
  readonly value: boolean
  readonly parts: readonly NodeResult[]
}

export interface AnyResult {
  readonly tag: 'any'
  readonly value: boolean
  readonly parts: readonly NodeResult[]
}

export interface NotResult {
  readonly tag: 'not'
  readonly value: boolean
  readonly part: NodeResult
}

export type LeafResult =
  | CountResult
  | SumResult
  | AbsenceRateResult
  | DistinctResult
  | OpenResult
  | AgeResult
  | ReturnInterviewOverdueResult

export type NodeResult = LeafResult | RuleResult | AllResult | AnyResult | NotResult
