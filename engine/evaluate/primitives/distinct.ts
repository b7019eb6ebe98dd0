/**
 * `distinct`: how many different values a field takes across the facts in the
 * window, drawing on one or more kinds. With `"mapping": "aceByFactor"` an
 * assessment factor code counts as the ACE category the manifest maps it to,
 * and a code with no mapping counts for nothing (DOMAIN.md §6).
 */
import type { AceByFactor } from '../../rule-set/manifest'
import type { DistinctSource, DistinctSpec } from '../../rule-set/condition'
import type { CompiledCondition } from '../compiled-condition'
import { factsOf, firstAfter } from '../dated-fact'
import type { DatedFact } from '../dated-fact'
import type { DistinctResult } from '../node-result'

const valueOf = (source: DistinctSource, aceByFactor: AceByFactor, h: DatedFact): string | undefined => {
  const raw = (h.fact as unknown as Readonly<Record<string, unknown>>)[source.field]
  if (typeof raw !== 'string') return undefined
  if (source.mapping !== 'aceByFactor') return raw
  return Object.prototype.hasOwnProperty.call(aceByFactor, raw) ? aceByFactor[raw] : undefined
}

export const compileDistinct = (spec: DistinctSpec, aceByFactor: AceByFactor): CompiledCondition => (ctx): DistinctResult => {
  const lower = ctx.frame.lowerBound(spec.window)
  const found = new Set<string>()
  const hits: DatedFact[] = []
  for (const source of spec.of) {
    const list = factsOf(ctx.facts, source.kind)
    for (let i = firstAfter(list, lower); i < list.length; i += 1) {
      const h = list[i] as DatedFact
      const value = valueOf(source, aceByFactor, h)
      if (value === undefined) continue
      found.add(value)
      hits.push(h)
    }
  }
  const values = [...found].sort()
  return { tag: 'distinct', value: values.length >= spec.atLeast, asOf: ctx.frame.asOf, hits, spec, values }
}
