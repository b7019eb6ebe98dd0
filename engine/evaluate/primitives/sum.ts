/**
 * `sum`: a numeric field added up over the facts of a kind in the window
 * (e.g. suspended sessions this academic year). A fact without the field adds
 * nothing and is not evidence.
 */
import type { Fact } from '../../facts/fact'
import type { SumSpec } from '../../rule-set/condition'
import type { CompiledNode } from '../compiled-condition'
import type { SumResult } from '../node-result'
import { numberAt, readSources } from '../plan'
import type { PlanBuilder } from '../plan'
import { windowedSource } from './windowed-source'

const fieldOf = (field: string) => (fact: Fact): number => {
  const v = (fact as unknown as Readonly<Record<string, unknown>>)[field]
  return typeof v === 'number' ? v : 0
}

export const compileSum = (spec: SumSpec, plan: PlanBuilder): CompiledNode => {
  const sources = [windowedSource(spec.kind, spec.window, spec.where, fieldOf(spec.field))]
  const at = plan.add(JSON.stringify(['sum', spec.kind, spec.field, spec.window, spec.where ?? null]), sources, 1)
  return {
    test: (_ctx, tally) => numberAt(tally, at) >= spec.atLeast,
    result: (ctx): SumResult => {
      const { tally, hits } = readSources(sources, 1, ctx)
      const total = numberAt(tally, 0)
      return { tag: 'sum', value: total >= spec.atLeast, asOf: ctx.frame.asOf, hits: hits[0] ?? [], spec, total }
    },
  }
}
