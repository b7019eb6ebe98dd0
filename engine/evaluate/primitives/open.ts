/**
 * `open`: whether a period-like fact is open on D (SPEC §3 "Time"). Date
 * bounds (care period, education status): start ≤ D and end null or ≥ D.
 * Date-time bounds (missing episode): started by the end of D in
 * Europe/London, and no end or an end after the end of D. Facts are indexed
 * only when their start is on or before D, so only the end is tested here.
 */
import type { OpenSpec } from '../../rule-set/condition'
import type { CompiledCondition } from '../compiled-condition'
import { factsOf } from '../dated-fact'
import type { DatedFact } from '../dated-fact'
import type { OpenResult } from '../node-result'
import { compileWhere } from './where'

const openOn = (h: DatedFact, asOf: string, endOfDayMs: number): boolean => {
  const { fact } = h
  if (fact.kind === 'missing_episode') return h.endMs === null || h.endMs > endOfDayMs
  if (fact.kind === 'care_period' || fact.kind === 'education_status') return fact.end === null || fact.end >= asOf
  return false
}

export const compileOpen = (spec: OpenSpec): CompiledCondition => {
  const matches = compileWhere(spec.where)
  return (ctx): OpenResult => {
    const { asOf, endOfDayMs } = ctx.frame
    const hits = factsOf(ctx.facts, spec.kind).filter(
      (h) => (matches === undefined || matches(h.fact)) && openOn(h, asOf, endOfDayMs),
    )
    return { tag: 'open', value: hits.length > 0, asOf, hits, spec }
  }
}
