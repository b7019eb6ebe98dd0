/**
 * `distinct`: how many different values a field takes across the facts in the
 * window, drawing on one or more kinds. With `"mapping": "aceByFactor"` an
 * assessment factor code counts as the ACE category the manifest maps it to,
 * and a code with no mapping counts for nothing (DOMAIN.md §6), nor is it evidence.
 */
import type { Fact } from '../../facts/fact'
import type { AceByFactor } from '../../rule-set/manifest'
import type { DistinctSource, DistinctSpec } from '../../rule-set/condition'
import type { CompiledNode } from '../compiled-condition'
import type { DistinctResult } from '../node-result'
import { addTo, numberAt, readSources, setAt } from '../plan'
import type { LeafSource, PlanBuilder } from '../plan'
import { windowBound } from '../window-bound'

const valueOf = (source: DistinctSource, aceByFactor: AceByFactor, fact: Fact): string | undefined => {
  const raw = (fact as unknown as Readonly<Record<string, unknown>>)[source.field]
  if (typeof raw !== 'string') return undefined
  if (source.mapping !== 'aceByFactor') return raw
  return Object.prototype.hasOwnProperty.call(aceByFactor, raw) ? aceByFactor[raw] : undefined
}

export const compileDistinct = (spec: DistinctSpec, aceByFactor: AceByFactor, plan: PlanBuilder): CompiledNode => {
  const bound = windowBound(spec.window)
  // The number of distinct values at the leaf's offset, the values themselves in the tally's set there.
  const sources = spec.of.map(
    (source): LeafSource => ({
      kind: source.kind,
      readsAfter: (frame) => bound(frame).date,
      visit: (frame, at) => {
        const lower = bound(frame).date
        return (fact, date, tally) => {
          if (date <= lower) return false
          const value = valueOf(source, aceByFactor, fact)
          if (value === undefined) return false
          const found = setAt(tally, at)
          if (!found.includes(value)) {
            found.push(value)
            addTo(tally, at, 1)
          }
          return true
        }
      },
    }),
  )
  // Mappings are the rule set's, the same for every leaf of the plan.
  const at = plan.add(JSON.stringify(['distinct', spec.of, spec.window]), sources, 1)
  return {
    test: (_ctx, tally) => numberAt(tally, at) >= spec.atLeast,
    result: (ctx): DistinctResult => {
      const { tally, hits } = readSources(sources, 1, ctx)
      const values = [...(tally.sets?.[0] ?? [])].sort()
      // Each source's facts in date order, the sources in the order the rule lists them.
      const dated = hits.flat()
      return { tag: 'distinct', value: values.length >= spec.atLeast, asOf: ctx.frame.asOf, hits: dated, spec, values }
    },
  }
}
