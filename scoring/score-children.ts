/** Scores the given children (e.g. those an ingest changed) and stores their flags with history. */
import * as E from 'fp-ts/Either'
import type { Kysely } from 'kysely'
import { evaluateChild, type CompiledRuleSet } from '../engine/evaluate'
import type { IsoDate } from '../engine/facts/fact'
import type { Database } from '../storage/database/database'
import { loadChildFacts } from '../storage/facts/load-child-facts'
import { storeEvaluations } from '../storage/flags/store-evaluations'
import { SCORING_PAGE, StoredFactsInvalid } from './score-city'

export const scoreChildren = async (
  db: Kysely<Database>,
  compiled: CompiledRuleSet,
  childIds: readonly string[],
  options: { readonly asOf: IsoDate; readonly evaluatedAt: string },
): Promise<number> => {
  let scored = 0
  for (let i = 0; i < childIds.length; i += SCORING_PAGE) {
    const loaded = await loadChildFacts(db, childIds.slice(i, i + SCORING_PAGE))
    if (E.isLeft(loaded)) throw new StoredFactsInvalid([...new Set(loaded.left.map((p) => p.table))])
    const evaluations = loaded.right.map((child) => evaluateChild(compiled, child, options.asOf))
    scored += (await storeEvaluations(db, evaluations, { evaluatedAt: options.evaluatedAt })).children
  }
  return scored
}
