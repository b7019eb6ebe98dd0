/**
 * How a compiled rule set reads a child's facts for values: one pass over the
 * facts, each fact dated once and handed to every leaf that reads its kind.
 *
 * A leaf (count, sum, absenceRate, distinct, open, returnInterviewOverdue)
 * describes its reading as visits: for each kind it reads, a function that
 * looks at one fact (on or before D, with its event date) and adds to the
 * leaf's numbers in the child's tally, answering whether the fact counted
 * (is one of the leaf's hits). The leaf's value is then a test of its
 * numbers. The same visits make its full result (./compiled-condition), run
 * over only that leaf's facts, so a value and a result cannot disagree on
 * which facts count.
 *
 * Visits are made once per as-of frame (window bounds resolved to dates) and
 * remembered, since a run uses one frame for every child.
 */
import type { Fact, FactKind, IsoDate } from '../facts/fact'
import type { AsOfFrame } from './as-of-frame'
import type { FactContext } from './child-context'
import { sortDated } from './dated-fact'
import type { DatedFact } from './dated-fact'
import { eventDateReader } from './event-date'
import { KIND_SLOTS, kindSlot } from './fact-lists'
import { reachOfSources } from './fact-reach'
import type { FactReach } from './fact-reach'

/**
 * One child's numbers: first each rule's value (1 when it holds) at the
 * rule's slot, then every leaf's numbers at the leaf's offset; a distinct
 * leaf's values at the same offset in `sets`, made when the first one turns up.
 */
export interface Tally {
  readonly n: number[]
  sets: (string[] | undefined)[] | undefined
}

/** Looks at one fact (its event date on or before D); true when it counts for the leaf. */
export type Visit = (fact: Fact, date: IsoDate, tally: Tally) => boolean

/** A leaf's visit of one kind, for a frame, writing at offset `at`. */
export interface LeafSource {
  readonly kind: FactKind
  readonly visit: (frame: AsOfFrame, at: number) => Visit
  /**
   * The date the visit's facts must be dated after (its window's lower
   * bound), or undefined when it may count any fact on or before D: its
   * visit answers false and adds nothing for a fact dated on or before this
   * date (./fact-reach).
   */
  readonly readsAfter: (frame: AsOfFrame) => IsoDate | undefined
}

export interface PlanBuilder {
  /**
   * Adds a leaf's sources; returns the offset of its `width` numbers in every
   * tally. `reading` names what the leaf reads (its primitive and the parts of
   * its spec that decide its numbers): leaves that read the same share one
   * offset, and the facts are visited for them once (DOMESTIC_ABUSE and
   * DOMESTIC_ABUSE_REPEAT count the same contacts; ATTENDANCE_PERSISTENT and
   * ATTENDANCE_SEVERE add up the same sessions).
   */
  add(reading: string, sources: readonly LeafSource[], width: number): number
}

/** The visits of the facts of one kind, with the reader of their event date. */
export interface KindVisits {
  readonly date: (fact: Fact) => IsoDate
  readonly visits: readonly Visit[]
}

export interface Plan {
  /** Numbers in a child's tally: one per rule, then the leaves'. */
  readonly width: number
  /** A fresh tally's numbers, all 0. */
  zeros(): number[]
  /** The visits for a frame, by kind slot (./fact-lists); undefined for kinds no leaf reads. */
  visitsFor(frame: AsOfFrame): readonly (KindVisits | undefined)[]
  /** Which facts the leaves can read as of the frame's D (./fact-reach). */
  reachFor(frame: AsOfFrame): FactReach
}

export const newTally = (width: number): Tally => ({ n: new Array<number>(width).fill(0), sets: undefined })

/** The values of a distinct leaf so far (its set lives at its offset). */
export const setAt = (tally: Tally, at: number): string[] => {
  tally.sets ??= []
  let set = tally.sets[at]
  if (set === undefined) {
    set = []
    tally.sets[at] = set
  }
  return set
}

/** A plan for `rules` rules (their values take the first numbers of every tally). */
export const planBuilder = (rules: number): PlanBuilder & { build(): Plan } => {
  const entries: { readonly source: LeafSource; readonly at: number }[] = []
  const offsets = new Map<string, number>()
  let width = rules
  return {
    add: (reading, sources, leafWidth) => {
      const known = offsets.get(reading)
      if (known !== undefined) return known
      const at = width
      width += leafWidth
      offsets.set(reading, at)
      for (const source of sources) entries.push({ source, at })
      return at
    },
    build: () => {
      // Leaves added after this (none should be) are not part of the plan.
      const fixed = [...entries]
      const total = width
      // Copying a template is cheaper than new Array(width).fill(0), and this runs once per child.
      const template = new Array<number>(total).fill(0)
      let lastFrame: AsOfFrame | undefined
      let last: readonly (KindVisits | undefined)[] = []
      return {
        width: total,
        zeros: () => template.slice(),
        visitsFor: (frame) => {
          if (frame !== lastFrame) {
            const byKind: (Visit[] | undefined)[] = new Array<Visit[] | undefined>(KIND_SLOTS).fill(undefined)
            const kinds: FactKind[] = []
            for (const { source, at } of fixed) {
              const slot = kindSlot(source.kind)
              if (byKind[slot] === undefined) kinds[slot] = source.kind
              ;(byKind[slot] ??= []).push(source.visit(frame, at))
            }
            last = byKind.map((visits, slot) => (visits === undefined ? undefined : { date: eventDateReader(kinds[slot] as FactKind), visits }))
            lastFrame = frame
          }
          return last
        },
        reachFor: (frame) => reachOfSources(fixed.map(({ source }) => ({ kind: source.kind, after: source.readsAfter(frame) }))),
      }
    },
  }
}

/** Runs the visits over the child's facts: one pass, each fact dated once, facts after D skipped. */
export const tallyFacts = (facts: readonly Fact[], frame: AsOfFrame, byKind: readonly (KindVisits | undefined)[], tally: Tally): void => {
  const { asOf } = frame
  for (const fact of facts) {
    const forKind = byKind[kindSlot(fact.kind)]
    if (forKind === undefined) continue
    const date = forKind.date(fact)
    if (date > asOf) continue
    for (const visit of forKind.visits) visit(fact, date, tally)
  }
}

/**
 * A leaf's sources run for its result over the facts of their kinds (all on
 * or before D): its own tally (offset 0) and, per source, the facts that
 * counted with their event dates, sorted (./dated-fact).
 */
export const readSources = (
  sources: readonly LeafSource[],
  width: number,
  ctx: FactContext,
): { readonly tally: Tally; readonly hits: readonly (readonly DatedFact[])[] } => {
  const tally = newTally(width)
  const hits = sources.map((source) => {
    const visit = source.visit(ctx.frame, 0)
    const counted: DatedFact[] = []
    for (const h of ctx.factsOf(source.kind)) if (visit(h.fact, h.date, tally)) counted.push(h)
    return sortDated(counted)
  })
  return { tally, hits }
}

/** Adds to a leaf's number. */
export const addTo = (tally: Tally, at: number, amount: number): void => {
  tally.n[at] = (tally.n[at] as number) + amount
}

/** A leaf's number (a tally has every offset filled). */
export const numberAt = (tally: Tally, at: number): number => tally.n[at] as number
