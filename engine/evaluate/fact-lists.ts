/**
 * A child's facts of one kind, each with its event date, keeping only
 * those dated on or before D, in the order they came: what a full result
 * reads (its leaf's facts only; values come from one pass over all the
 * facts, ./plan). Listed per kind, when a result first asks: a raised flag
 * reads one or two kinds, and dating the child's other facts (most of them
 * attendance summaries) would be wasted.
 */
import { FACT_KINDS } from '../facts/fact'
import type { Fact, FactKind } from '../facts/fact'
import type { AsOfFrame } from './as-of-frame'
import type { DatedFact } from './dated-fact'
import { eventDateReader } from './event-date'

/** A kind's slot (where a context keeps its facts of that kind, and a plan its visits); attendance first, as most facts are attendance summaries. */
export const kindSlot = (kind: FactKind): number => {
  switch (kind) {
    case 'attendance':
      return 0
    case 'missing_episode':
      return 1
    case 'exclusion':
      return 2
    case 'domestic_abuse_contact':
      return 3
    case 'ace_indicator':
      return 4
    case 'assessment_factor':
      return 5
    case 'drug_intelligence':
      return 6
    case 'care_period':
      return 7
    case 'education_status':
      return 8
    case 'youth_justice_outcome':
      return 9
    case 'child':
      return 10
  }
}

export const KIND_SLOTS = 11

const DATE_READERS: readonly ((fact: Fact) => string)[] = (() => {
  const readers: ((fact: Fact) => string)[] = []
  for (const kind of FACT_KINDS) readers[kindSlot(kind)] = eventDateReader(kind)
  return readers
})()

/** The facts of one kind dated on or before D, in the order they came. */
export const listFactsOf = (facts: readonly Fact[], kind: FactKind, frame: AsOfFrame): readonly DatedFact[] => {
  const list: DatedFact[] = []
  const dateOf = DATE_READERS[kindSlot(kind)] as (fact: Fact) => string
  for (const fact of facts) {
    if (fact.kind !== kind) continue
    const date = dateOf(fact)
    if (date <= frame.asOf) list.push({ fact, date })
  }
  return list
}
