/**
 * A child's facts grouped by kind, each with its event date, keeping only
 * those dated on or before D, in the order they came: what a full result
 * reads (its leaf's facts only; values come from one pass over all the
 * facts, ./plan).
 */
import type { Fact, FactKind } from '../facts/fact'
import type { AsOfFrame } from './as-of-frame'
import type { DatedFact } from './dated-fact'
import { eventDate } from './event-date'

export type FactLists = readonly (readonly DatedFact[] | undefined)[]

/** A kind's position in FactLists; attendance first, as most facts are attendance summaries. */
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

export const listFacts = (facts: readonly Fact[], frame: AsOfFrame): FactLists => {
  const lists: (DatedFact[] | undefined)[] = new Array<DatedFact[] | undefined>(KIND_SLOTS).fill(undefined)
  for (const fact of facts) {
    const date = eventDate(fact)
    if (date > frame.asOf) continue
    const slot = kindSlot(fact.kind)
    const list = lists[slot]
    if (list === undefined) lists[slot] = [{ fact, date }]
    else list.push({ fact, date })
  }
  return lists
}
