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
import type { CompiledCondition } from '../compiled-condition'
import { instantOf, londonDayOfInstant } from '../instants'
import { compareDatedFacts, factsOf } from '../dated-fact'
import type { DatedFact } from '../dated-fact'
import type { ReturnInterviewOverdueResult } from '../node-result'

const MS_PER_HOUR = 3_600_000

const happenedBy = (at: IsoDateTime | null, endOfDayMs: number): boolean =>
  at !== null && instantOf(at) < endOfDayMs

const interviewBy = (fact: Fact, endOfDayMs: number): boolean => {
  if (fact.kind !== 'missing_episode' || fact.returnInterview === undefined) return false
  const { offeredAt, completedAt, declinedAt } = fact.returnInterview
  return happenedBy(offeredAt, endOfDayMs) || happenedBy(completedAt, endOfDayMs) || happenedBy(declinedAt, endOfDayMs)
}

export const compileReturnInterviewOverdue = (spec: ReturnInterviewOverdueSpec): CompiledCondition => {
  const graceMs = spec.hoursAfterEnd * MS_PER_HOUR
  return (ctx): ReturnInterviewOverdueResult => {
    const { asOf, asOfDay, endOfDayMs } = ctx.frame
    const lower = ctx.frame.lowerBound(spec.window)
    const hits: DatedFact[] = []
    for (const { fact, endMs } of factsOf(ctx.facts, 'missing_episode')) {
      if (endMs === null) continue
      const endDay = londonDayOfInstant(endMs)
      if (endDay <= lower || endDay > asOfDay) continue
      if (endOfDayMs - endMs <= graceMs) continue
      if (interviewBy(fact, endOfDayMs)) continue
      hits.push({ fact, day: endDay, endMs })
    }
    hits.sort(compareDatedFacts)
    return { tag: 'returnInterviewOverdue', value: hits.length > 0, asOf, hits, spec }
  }
}
