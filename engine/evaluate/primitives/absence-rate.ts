/**
 * `absenceRate`: sessions not attended over possible sessions, summed across
 * the attendance summaries whose `periodEnd` is in the window. Raised when
 * absent × 100 ≥ P × possible (whole numbers, so 50% is exactly 50%) and there
 * are at least `minPossibleSessions` possible sessions (DOMAIN.md §2: short
 * enrolments inflate severe absence).
 */
import type { FactOf } from '../../facts/fact'
import type { AbsenceRateSpec } from '../../rule-set/condition'
import type { CompiledNode } from '../compiled-condition'
import type { AbsenceRateResult } from '../node-result'
import { addTo, numberAt, readSources } from '../plan'
import type { LeafSource, PlanBuilder, Tally } from '../plan'
import { windowBound } from '../window-bound'

/** Possible sessions at `at`, attended sessions at `at + 1`. */
const holds = (spec: AbsenceRateSpec, tally: Tally, at: number): boolean => {
  const possible = numberAt(tally, at)
  const absent = possible - numberAt(tally, at + 1)
  return possible >= spec.minPossibleSessions && absent * 100 >= spec.atLeastPercent * possible
}

export const compileAbsenceRate = (spec: AbsenceRateSpec, plan: PlanBuilder): CompiledNode => {
  const bound = windowBound(spec.window)
  const sources: readonly LeafSource[] = [
    {
      kind: 'attendance',
      readsAfter: (frame) => bound(frame).date,
      visit: (frame, at) => {
        const lower = bound(frame).date
        return (fact, date, tally) => {
          if (date <= lower) return false
          // Only attendance summaries are visited here (the source's kind).
          const summary = fact as FactOf<'attendance'>
          addTo(tally, at, summary.possibleSessions)
          addTo(tally, at + 1, summary.attendedSessions)
          return true
        }
      },
    },
  ]
  const at = plan.add(JSON.stringify(['absenceRate', spec.window]), sources, 2)
  return {
    test: (_ctx, tally) => holds(spec, tally, at),
    result: (ctx): AbsenceRateResult => {
      const { tally, hits } = readSources(sources, 2, ctx)
      const possible = numberAt(tally, 0)
      const absent = possible - numberAt(tally, 1)
      return {
        tag: 'absenceRate',
        value: holds(spec, tally, 0),
        asOf: ctx.frame.asOf,
        hits: hits[0] ?? [],
        spec,
        possible,
        absent,
      }
    },
  }
}
