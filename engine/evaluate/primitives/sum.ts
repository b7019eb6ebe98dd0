/**
 * `sum`: a numeric field added up over the facts of a kind in the window
 * (e.g. suspended sessions this academic year). A fact without the field adds
 * nothing and is not evidence.
 */
import type { SumSpec } from '../../rule-set/condition'
import type { CompiledCondition } from '../compiled-condition'
import { factsOf, firstAfter } from '../dated-fact'
import type { DatedFact } from '../dated-fact'
import type { SumResult } from '../node-result'
import { compileWhere } from './where'

const amountOf = (h: DatedFact, field: string): number => {
  const v = (h.fact as unknown as Readonly<Record<string, unknown>>)[field]
  return typeof v === 'number' ? v : 0
}

export const compileSum = (spec: SumSpec): CompiledCondition => {
  const matches = compileWhere(spec.where)
  return (ctx): SumResult => {
    const list = factsOf(ctx.facts, spec.kind)
    const hits: DatedFact[] = []
    let total = 0
    for (let i = firstAfter(list, ctx.frame.lowerBound(spec.window)); i < list.length; i += 1) {
      const h = list[i] as DatedFact
      if (matches !== undefined && !matches(h.fact)) continue
      const amount = amountOf(h, spec.field)
      if (amount <= 0) continue
      total += amount
      hits.push(h)
    }
    return { tag: 'sum', value: total >= spec.atLeast, asOf: ctx.frame.asOf, hits, spec, total }
  }
}
