/**
 * A fact with the event day a rule read it by (days since 1970-01-01), in
 * lists ordered by day, then source, then sourceId, so everything built from
 * them is independent of the order the facts arrived in. A missing episode
 * also carries its end as an instant, parsed once per child rather than once
 * per rule that reads it.
 */
import type { Fact, FactKind, IsoDate } from '../facts/fact'
import { isoDateOfDay } from '../time/calendar'
import { eventDate, eventDay } from './event-date'
import { instantOf } from './instants'

export interface DatedFact {
  readonly fact: Fact
  readonly day: number
  /** A missing episode's end in epoch milliseconds; null while open and for other kinds. */
  readonly endMs: number | null
}

export const compareDatedFacts = (a: DatedFact, b: DatedFact): number =>
  a.day - b.day ||
  (a.fact.source < b.fact.source ? -1 : a.fact.source > b.fact.source ? 1 : 0) ||
  (a.fact.sourceId < b.fact.sourceId ? -1 : a.fact.sourceId > b.fact.sourceId ? 1 : 0)

export const datedFact = (fact: Fact, day: number): DatedFact => ({
  fact,
  day,
  endMs: fact.kind === 'missing_episode' && fact.end !== null ? instantOf(fact.end) : null,
})

/**
 * The date the rule read, for evidence and explanations: formatted only when
 * asked, since most facts never appear in a raised flag. For a missing episode
 * it is the London date of `day` (its start, or its end for a rule about returns).
 */
export const dateOf = (h: DatedFact): IsoDate => (h.fact.kind === 'missing_episode' ? isoDateOfDay(h.day) : eventDate(h.fact))

/** Facts by kind, each list sorted; only facts whose event date is on or before D. */
export type FactIndex = ReadonlyMap<FactKind, readonly DatedFact[]>

export const indexFacts = (facts: readonly Fact[], asOfDay: number): FactIndex => {
  const byKind = new Map<FactKind, DatedFact[]>()
  for (const fact of facts) {
    const day = eventDay(fact)
    if (day > asOfDay) continue
    const entry = datedFact(fact, day)
    const list = byKind.get(fact.kind)
    if (list === undefined) byKind.set(fact.kind, [entry])
    else list.push(entry)
  }
  for (const list of byKind.values()) if (list.length > 1) list.sort(compareDatedFacts)
  return byKind
}

const NONE: readonly DatedFact[] = []

export const factsOf = (index: FactIndex, kind: FactKind): readonly DatedFact[] => index.get(kind) ?? NONE

/** Index of the first fact with a day after `lower`: the facts from there on are in the window. */
export const firstAfter = (list: readonly DatedFact[], lower: number): number => {
  let lo = 0
  let hi = list.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((list[mid] as DatedFact).day > lower) hi = mid
    else lo = mid + 1
  }
  return lo
}
