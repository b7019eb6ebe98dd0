/**
 * Scoring, a page of children at a time, as a pipeline: the next page is
 * read (the server finds it, this process parses it) while this one is
 * evaluated and the one before is stored in its own transaction. Reading and
 * storing wait mostly on the server, evaluating on this process, so each
 * hides most of the others' time, and memory holds three pages, never the
 * city. Stores run one after another, in page order.
 */
import * as E from 'fp-ts/Either'
import type { Kysely } from 'kysely'
import type { ChildEvaluation } from '../engine/evaluate/evaluation'
import type { ChildFacts } from '../engine/linking/child-facts'
import type { Database } from '../storage/database/database'
import { inFlight } from '../storage/database/in-flight'
import { refreshStaleStatistics } from '../storage/facts/refresh-statistics'
import type { MarksToClear } from '../storage/flags/score-pending'
import { storeEvaluations, type StoredEvaluationCounts } from '../storage/flags/store-evaluations'
import type { StoredRowInvalid } from '../storage/stored-row-error'

/** Children a page: big enough that a statement's overhead is small, small enough that three pages are a few MB. */
export const SCORING_PAGE = 2000

export class StoredFactsInvalid extends Error {
  constructor(readonly tables: readonly string[]) {
    super(`stored rows failed to decode in ${tables.join(', ')}`)
  }
}

/** What a load found, or the StoredFactsInvalid naming the tables of its bad rows. */
export const loadedOrThrow = <A>(loaded: E.Either<readonly StoredRowInvalid[], A>): A => {
  if (E.isLeft(loaded)) throw new StoredFactsInvalid([...new Set(loaded.left.map((p) => p.table))])
  return loaded.right
}

export interface Page<C> {
  readonly children: readonly ChildFacts[]
  /** Where the next page starts; undefined after the last. */
  readonly next: C | undefined
}

export interface ScorePagesOptions {
  readonly evaluatedAt: string
  /** Told the number of children of each page once it is stored. */
  readonly onPage?: (children: number) => void
  /** Marks of children to score again: each page's store clears its children's (storage/flags/score-pending). */
  readonly clearing?: MarksToClear
}

/** The pages from `first` on, each next one read while the caller works on the one it has. */
export async function* prefetchedPages<C>(first: C, read: (cursor: C) => Promise<Page<C>>): AsyncGenerator<Page<C>> {
  let reading = inFlight(read(first))
  try {
    for (;;) {
      const page = await reading
      if (page.next !== undefined) reading = inFlight(read(page.next))
      yield page
      if (page.next === undefined) return
    }
  } finally {
    // A caller that stops early leaves nothing of ours running on the pool.
    await reading.catch(() => undefined)
  }
}

export const scorePages = async <C>(
  db: Kysely<Database>,
  first: C,
  read: (cursor: C) => Promise<Page<C>>,
  evaluate: (child: ChildFacts) => ChildEvaluation,
  options: ScorePagesOptions,
): Promise<StoredEvaluationCounts> => {
  let counts: StoredEvaluationCounts = { children: 0, raised: 0, cleared: 0 }
  const add = (children: number, c: StoredEvaluationCounts): void => {
    counts = { children: counts.children + c.children, raised: counts.raised + c.raised, cleared: counts.cleared + c.cleared }
    options.onPage?.(children)
  }
  // Pages are read by plans that assume the planner knows the tables' sizes.
  await refreshStaleStatistics(db)
  let storing: Promise<void> = Promise.resolve()
  try {
    for await (const page of prefetchedPages(first, read)) {
      if (page.children.length === 0) continue
      const evaluations = page.children.map(evaluate)
      await storing
      const stored = storeEvaluations(db, evaluations, {
        evaluatedAt: options.evaluatedAt,
        ...(options.clearing === undefined ? {} : { clearing: options.clearing }),
      })
      storing = inFlight(stored.then((c) => add(evaluations.length, c)))
    }
    await storing
    return counts
  } finally {
    await storing.catch(() => undefined)
  }
}
