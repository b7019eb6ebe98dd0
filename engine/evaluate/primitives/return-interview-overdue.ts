/**
 * `returnInterviewOverdue`, the named primitive behind RHI_OVERDUE (DOMAIN.md
 * §5: a return home interview is due within 72 hours). A missing episode is
 * overdue on D when:
 * - it has ended, and its end's London date is in the window (episodes are
 *   windowed by their END date here, not their start);
 * - it ended more than `hoursAfterEnd` hours before the end of D;
 * - no return interview was offered, completed or declined by the end of D.
 * Evidence is dated by the end date, the date this rule read.
 */
import type { Fact, IsoDateTime } from '../../facts/fact'
import type { ReturnInterviewOverdueSpec } from '../../rule-set/condition'
import type { CompiledNode } from '../compiled-condition'
import { instantOf, londonDayOfInstant } from '../instants'
import { isoDateOfDay } from '../../time/calendar'
import { sortDated } from '../dated-fact'
import type { DatedFact } from '../dated-fact'
import type { ReturnInterviewOverdueResult } from '../node-result'
import { addTo, numberAt, readSources } from '../plan'
import type { LeafSource, PlanBuilder } from '../plan'
import { windowBound } from '../window-bound'

const MS_PER_HOUR = 3_600_000

const happenedBy = (at: IsoDateTime | null, endOfDayMs: number): boolean =>
  at !== null && instantOf(at) < endOfDayMs

const interviewBy = (fact: Fact, endOfDayMs: number): boolean => {
  if (fact.kind !== 'missing_episode' || fact.returnInterview === undefined) return false
  const { offeredAt, completedAt, declinedAt } = fact.returnInterview
  return happenedBy(offeredAt, endOfDayMs) || happenedBy(completedAt, endOfDayMs) || happenedBy(declinedAt, endOfDayMs)
}

/** A missing episode's end as an instant and as its London day; undefined while open. */
const endOf = (fact: Fact): { readonly ms: number; readonly day: number } | undefined => {
  if (fact.kind !== 'missing_episode' || fact.end === null) return undefined
  const ms = instantOf(fact.end)
  return { ms, day: londonDayOfInstant(ms) }
}

export const compileReturnInterviewOverdue = (spec: ReturnInterviewOverdueSpec, plan: PlanBuilder): CompiledNode => {
  const graceMs = spec.hoursAfterEnd * MS_PER_HOUR
  const bound = windowBound(spec.window)
  const sources: readonly LeafSource[] = [
    {
      kind: 'missing_episode',
      // Episodes are windowed by their end here: one that started before the window may have ended in it.
      readsAfter: () => undefined,
      visit: (frame, at) => {
        const lower = bound(frame).day
        return (fact, _date, tally) => {
          const end = endOf(fact)
          if (end === undefined || end.day <= lower || end.day > frame.asOfDay) return false
          if (frame.endOfDayMs - end.ms <= graceMs || interviewBy(fact, frame.endOfDayMs)) return false
          addTo(tally, at, 1)
          return true
        }
      },
    },
  ]
  const at = plan.add(JSON.stringify(['returnInterviewOverdue', spec.window, spec.hoursAfterEnd]), sources, 1)
  return {
    test: (_ctx, tally) => numberAt(tally, at) > 0,
    result: (ctx): ReturnInterviewOverdueResult => {
      const hits: DatedFact[] = []
      for (const { fact } of readSources(sources, 1, ctx).hits[0] ?? []) {
        const end = endOf(fact)
        if (end !== undefined) hits.push({ fact, date: isoDateOfDay(end.day) })
      }
      return { tag: 'returnInterviewOverdue', value: hits.length > 0, asOf: ctx.frame.asOf, hits: sortDated(hits), spec }
    },
  }
}
