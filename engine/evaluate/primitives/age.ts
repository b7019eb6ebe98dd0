/** `age`: the child's age in whole years completed on D, against `atLeast` and/or `below`. */
import type { AgeSpec } from '../../rule-set/condition'
import type { CompiledCondition } from '../compiled-condition'
import type { AgeResult } from '../node-result'

const NO_FACTS: AgeResult['hits'] = []

export const compileAge = (spec: AgeSpec): CompiledCondition => (ctx): AgeResult => {
  const { age } = ctx
  const value = (spec.atLeast === undefined || age >= spec.atLeast) && (spec.below === undefined || age < spec.below)
  return { tag: 'age', value, asOf: ctx.frame.asOf, hits: NO_FACTS, spec, age }
}
