/** `count`: the facts of a kind (optionally filtered) whose event date is in the window, against a threshold. */
import type { CountSpec } from '../../rule-set/condition'
import type { CompiledCondition } from '../compiled-condition'
import { factsOf, firstAfter } from '../dated-fact'
import type { CountResult } from '../node-result'
import { compileWhere } from './where'

export const compileCount = (spec: CountSpec): CompiledCondition => {
  const matches = compileWhere(spec.where)
  return (ctx): CountResult => {
    const list = factsOf(ctx.facts, spec.kind)
    const inWindow = list.slice(firstAfter(list, ctx.frame.lowerBound(spec.window)))
    const hits = matches === undefined ? inWindow : inWindow.filter((h) => matches(h.fact))
    return { tag: 'count', value: hits.length >= spec.atLeast, asOf: ctx.frame.asOf, hits, spec, count: hits.length }
  }
}
