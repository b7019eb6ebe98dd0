/**
 * A fact with the event date a rule read it by (SPEC §3 "Time": a missing
 * episode's start, or its end for a rule about returns, as its London date),
 * the form a result's hits take. Hits are ordered by that date, then source,
 * then sourceId, so everything built from them is independent of the order
 * the facts arrived in. Dates are `YYYY-MM-DD`, so they order as strings.
 */
import type { Fact, IsoDate } from '../facts/fact'

export interface DatedFact {
  readonly fact: Fact
  readonly date: IsoDate
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

export const compareDatedFacts = (a: DatedFact, b: DatedFact): number =>
  cmp(a.date, b.date) || cmp(a.fact.source, b.fact.source) || cmp(a.fact.sourceId, b.fact.sourceId)

/** The date the rule read, for evidence and explanations. */
export const dateOf = (h: DatedFact): IsoDate => h.date

/** True when each item comes after the one before it: the list is in order and has nothing twice. */
export const ascending = <A>(items: readonly A[], compare: (a: A, b: A) => number): boolean => {
  for (let i = 1; i < items.length; i += 1) if (compare(items[i - 1] as A, items[i] as A) >= 0) return false
  return true
}

/**
 * Hits in their order (sorted in place: the caller's fresh list). A child's
 * facts mostly arrive in date order, and looking costs a few comparisons
 * where a call of sort costs far more on lists this short.
 */
export const sortDated = (hits: DatedFact[]): readonly DatedFact[] =>
  ascending(hits, compareDatedFacts) ? hits : hits.sort(compareDatedFacts)
