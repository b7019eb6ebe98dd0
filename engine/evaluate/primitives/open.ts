/**
 * `open`: whether a period-like fact is open on D (SPEC §3 "Time"). Date
 * bounds (care period, education status): start ≤ D and end null or ≥ D.
 * Date-time bounds (missing episode): started by the end of D in
 * Europe/London, and no end or an end after the end of D. Only facts whose
 * start is on or before D are visited, so only the end is tested here.
 */
import type { Fact } from '../../facts/fact'
import type { OpenSpec } from '../../rule-set/condition'
import type { AsOfFrame } from '../as-of-frame'
import type { CompiledNode } from '../compiled-condition'
import { isAfterInstant } from '../instants'
import type { OpenResult } from '../node-result'
import { addTo, numberAt, readSources } from '../plan'
import type { LeafSource, PlanBuilder } from '../plan'
import { compileWhere } from './where'

const openOn = (fact: Fact, frame: AsOfFrame): boolean => {
  if (fact.kind === 'missing_episode') return fact.end === null || isAfterInstant(fact.end, frame.endOfDayMs)
  if (fact.kind === 'care_period' || fact.kind === 'education_status') return fact.end === null || fact.end >= frame.asOf
  return false
}

export const compileOpen = (spec: OpenSpec, plan: PlanBuilder): CompiledNode => {
  const matches = compileWhere(spec.where)
  const sources: readonly LeafSource[] = [
    {
      kind: spec.kind,
      // A period started long before D can still be open on D.
      readsAfter: () => undefined,
      visit: (frame, at) => (fact, _date, tally) => {
        if ((matches !== undefined && !matches(fact)) || !openOn(fact, frame)) return false
        addTo(tally, at, 1)
        return true
      },
    },
  ]
  const at = plan.add(JSON.stringify(['open', spec.kind, spec.where ?? null]), sources, 1)
  return {
    test: (_ctx, tally) => numberAt(tally, at) > 0,
    result: (ctx): OpenResult => {
      const hits = readSources(sources, 1, ctx).hits[0] ?? []
      return { tag: 'open', value: hits.length > 0, asOf: ctx.frame.asOf, hits, spec }
    },
  }
}
