/**
 * First-time entrants to the youth justice system (DOMAIN.md §9, SPEC §4).
 *
 * The entry is the child's FIRST formal outcome on or before D: the earliest
 * `occurredOn` among outcomes listed in `formalOutcomes`; outcomes after D are
 * ignored, so replaying an earlier D gives the earlier answer. When formal
 * outcomes share the first date, the one listed first in SPEC §2
 * (`YOUTH_JUSTICE_OUTCOMES`) is the entry outcome.
 *
 * A child is an entrant in [from, to] when that first outcome's date is in the
 * range (both ends included) and their age on that date is between `minAge` and
 * `maxAge` inclusive. Later outcomes are never "first": a child whose first
 * formal outcome fell outside the ages (recorded at 9, or first at 18) is not
 * an entrant at any later outcome either.
 */
import type { FactOf, IsoDate, YouthJusticeOutcome } from '../facts/fact'
import { YOUTH_JUSTICE_OUTCOMES } from '../facts/fact'
import { ageOn } from '../time/calendar'
import type { ChildFacts } from '../linking/child-facts'
import type { FirstTimeEntrantMembers } from '../rule-set/cohort-definition'

export type FirstTimeEntrantParams = FirstTimeEntrantMembers['firstTimeEntrant']

/** SPEC §4's definition, used for FTE columns in cohorts that are not defined by the primitive. */
export const DEFAULT_FIRST_TIME_ENTRANT: FirstTimeEntrantParams = {
  // Every outcome but the two informal ones (community resolution, no further action): DOMAIN.md §9.
  formalOutcomes: YOUTH_JUSTICE_OUTCOMES.filter((o) => o !== 'community_resolution' && o !== 'no_further_action'),
  minAge: 10,
  maxAge: 17,
}

export interface FirstEntry {
  readonly date: IsoDate
  readonly outcome: YouthJusticeOutcome
  readonly ageAtEntry: number
  /** The source record, so callers can show which outcome made the child an entrant. */
  readonly source: string
  readonly sourceId: string
}

const rank = (o: YouthJusticeOutcome): number => YOUTH_JUSTICE_OUTCOMES.indexOf(o)

const before = (a: FactOf<'youth_justice_outcome'>, b: FactOf<'youth_justice_outcome'>): boolean =>
  a.occurredOn !== b.occurredOn
    ? a.occurredOn < b.occurredOn
    : rank(a.outcome) !== rank(b.outcome)
      ? rank(a.outcome) < rank(b.outcome)
      : // Same date and outcome from two records: any fixed choice keeps the result independent of fact order.
        a.source + '\u0000' + a.sourceId < b.source + '\u0000' + b.sourceId

/** The first formal outcome on or before D, whatever the child's age then, or undefined. */
export const firstFormalOutcome = (
  child: ChildFacts,
  asOf: IsoDate,
  params: FirstTimeEntrantParams,
): FirstEntry | undefined => {
  let first: FactOf<'youth_justice_outcome'> | undefined
  for (const f of child.facts) {
    if (f.kind !== 'youth_justice_outcome') continue
    if (!params.formalOutcomes.includes(f.outcome) || f.occurredOn > asOf) continue
    if (first === undefined || before(f, first)) first = f
  }
  return first === undefined
    ? undefined
    : {
        date: first.occurredOn,
        outcome: first.outcome,
        ageAtEntry: ageOn(child.child.dateOfBirth, first.occurredOn),
        source: first.source,
        sourceId: first.sourceId,
      }
}

/** Whether the first formal outcome made the child an entrant in [from, to]. */
export const isEntrantIn = (
  entry: FirstEntry | undefined,
  from: IsoDate,
  to: IsoDate,
  params: FirstTimeEntrantParams,
): entry is FirstEntry =>
  entry !== undefined &&
  entry.date >= from &&
  entry.date <= to &&
  entry.ageAtEntry >= params.minAge &&
  entry.ageAtEntry <= params.maxAge
