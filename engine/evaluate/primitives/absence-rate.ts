/**
 * `absenceRate`: sessions not attended over possible sessions, summed across
 * the attendance summaries whose `periodEnd` is in the window. Raised when
 * absent × 100 ≥ P × possible (whole numbers, so 50% is exactly 50%) and there
 * are at least `minPossibleSessions` possible sessions (DOMAIN.md §2: short
 * enrolments inflate severe absence).
 */
import type { AbsenceRateSpec } from '../../rule-set/condition'
import type { CompiledCondition } from '../compiled-condition'
import { factsOf, firstAfter } from '../dated-fact'
import type { AbsenceRateResult } from '../node-result'

export const compileAbsenceRate = (spec: AbsenceRateSpec): CompiledCondition => (ctx): AbsenceRateResult => {
  const list = factsOf(ctx.facts, 'attendance')
  const hits = list.slice(firstAfter(list, ctx.frame.lowerBound(spec.window)))
  let possible = 0
  let attended = 0
  for (const { fact } of hits) {
    if (fact.kind !== 'attendance') continue
    possible += fact.possibleSessions
    attended += fact.attendedSessions
  }
  const absent = possible - attended
  const value = possible >= spec.minPossibleSessions && absent * 100 >= spec.atLeastPercent * possible
  return { tag: 'absenceRate', value, asOf: ctx.frame.asOf, hits, spec, possible, absent }
}
