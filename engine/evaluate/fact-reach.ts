/**
 * How far back a compiled rule set reaches into a child's facts as of D, kind
 * by kind: no fact of the kind (no leaf reads it), every fact on or before D
 * (a leaf reads it without a window on its event date: `open`, or
 * `returnInterviewOverdue`, which windows an episode by its end), or only
 * facts whose event date is after a date (every leaf reading the kind has a
 * window; the earliest lower bound).
 *
 * The law (test/engine/evaluate/fact-reach.test.ts): evaluating a child over
 * only the facts `readsFact` keeps, or any more of them, gives the same
 * evaluation as over all its facts. Scoring uses it to read less: most of a
 * city's facts are attendance summaries, and the rules read six weeks of them.
 */
import { FACT_KINDS } from '../facts/fact'
import type { Fact, FactKind, IsoDate } from '../facts/fact'
import { eventDate } from './event-date'

/** What the rules read of one kind. */
export type KindReach = { readonly reads: 'none' } | { readonly reads: 'all' } | { readonly reads: 'after'; readonly after: IsoDate }

export type FactReach = Readonly<Record<FactKind, KindReach>>

const NONE: KindReach = { reads: 'none' }
const ALL: KindReach = { reads: 'all' }

/** What one leaf source reads: its kind, and the date its facts must be after (undefined: any on or before D). */
export interface SourceReach {
  readonly kind: FactKind
  readonly after: IsoDate | undefined
}

/** The reach of one kind that covers both. */
export const widerKindReach = (a: KindReach, b: KindReach): KindReach => {
  if (a.reads === 'none') return b
  if (b.reads === 'none' || a.reads === 'all') return a
  if (b.reads === 'all') return b
  return a.after <= b.after ? a : b
}

/** The reach that covers both: every fact either reads. */
export const widerReach = (a: FactReach, b: FactReach): FactReach =>
  Object.fromEntries(FACT_KINDS.map((kind) => [kind, widerKindReach(a[kind], b[kind])])) as Record<FactKind, KindReach>

/** What a set of leaf sources reads, kind by kind. '' as a bound is below every date: the whole kind. */
export const reachOfSources = (sources: readonly SourceReach[]): FactReach => {
  const reach = Object.fromEntries(FACT_KINDS.map((kind) => [kind, NONE])) as Record<FactKind, KindReach>
  for (const { kind, after } of sources) {
    const one: KindReach = after === undefined || after === '' ? ALL : { reads: 'after', after }
    reach[kind] = widerKindReach(reach[kind], one)
  }
  return reach
}

/** Whether a fact is one the rules may read (its kind is read, and its event date is after the kind's bound, if any). */
export const readsFact = (reach: FactReach, fact: Fact): boolean => {
  const kind = reach[fact.kind]
  if (kind.reads === 'none') return false
  return kind.reads === 'all' || eventDate(fact) > kind.after
}
