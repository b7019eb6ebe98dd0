/** `age`: the child's age in whole years completed on D, against `atLeast` and/or `below`. */
import type { AgeSpec } from '../../rule-set/condition'
import type { CompiledNode } from '../compiled-condition'
import type { AgeResult } from '../node-result'

const NO_FACTS: AgeResult['hits'] = []

const holds = (spec: AgeSpec, age: number): boolean =>
  (spec.atLeast === undefined || age >= spec.atLeast) && (spec.below === undefined || age < spec.below)

export const compileAge = (spec: AgeSpec): CompiledNode => ({
  test: (ctx) => holds(spec, ctx.age),
  result: (ctx): AgeResult => {
    const { age } = ctx
    return { tag: 'age', value: holds(spec, age), asOf: ctx.frame.asOf, hits: NO_FACTS, spec, age }
  },
})
