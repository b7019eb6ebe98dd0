/** Scores the given children (e.g. those an ingest changed) and stores their flags with history. */
import type { Kysely } from 'kysely'
import { evaluateChild, factReach, type CompiledRuleSet } from '../engine/evaluate'
import type { IsoDate } from '../engine/facts/fact'
import type { Database } from '../storage/database/database'
import { loadChildFacts } from '../storage/facts/load-child-facts'
import type { MarksToClear } from '../storage/flags/score-pending'
import { loadedOrThrow, SCORING_PAGE, scorePages, type Page } from './score-pages'

export const scoreChildren = async (
  db: Kysely<Database>,
  compiled: CompiledRuleSet,
  childIds: readonly string[],
  options: { readonly asOf: IsoDate; readonly evaluatedAt: string; readonly clearing?: MarksToClear },
): Promise<number> => {
  // Each child once, so no two pages hold the same child.
  const ids = [...new Set(childIds)]
  if (ids.length === 0) return 0
  // Only the facts the rules can read as of D (engine/evaluate/fact-reach).
  const reach = factReach(compiled, options.asOf)
  const read = async (from: number): Promise<Page<number>> => {
    const to = from + SCORING_PAGE
    const children = loadedOrThrow(await loadChildFacts(db, ids.slice(from, to), reach))
    return { children, next: to < ids.length ? to : undefined }
  }
  const counts = await scorePages(db, 0, read, (child) => evaluateChild(compiled, child, options.asOf), options)
  return counts.children
}
