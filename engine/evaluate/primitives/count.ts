/** `count`: the facts of a kind (optionally filtered) whose event date is in the window, against a threshold. */
import type { CountSpec } from '../../rule-set/condition'
import type { CompiledNode } from '../compiled-condition'
import type { CountResult } from '../node-result'
import { numberAt, readSources } from '../plan'
import type { PlanBuilder } from '../plan'
import { windowedSource } from './windowed-source'

const ONE = (): number => 1

export const compileCount = (spec: CountSpec, plan: PlanBuilder): CompiledNode => {
  const sources = [windowedSource(spec.kind, spec.window, spec.where, ONE)]
  const at = plan.add(JSON.stringify(['count', spec.kind, spec.window, spec.where ?? null]), sources, 1)
  return {
    test: (_ctx, tally) => numberAt(tally, at) >= spec.atLeast,
    result: (ctx): CountResult => {
      const hits = readSources(sources, 1, ctx).hits[0] ?? []
      return { tag: 'count', value: hits.length >= spec.atLeast, asOf: ctx.frame.asOf, hits, spec, count: hits.length }
    },
  }
}
