/**
 * A cohort over the stored facts, read a page of children at a time: each
 * page's rows are computed by the engine, then all rows are put in the
 * cohort's order. Rows are small; the children's facts are not kept.
 */
import * as E from 'fp-ts/Either'
import type { Kysely } from 'kysely'
import { cohortRows, type CohortParams, type CohortProblem, type CohortRow } from '../engine/cohorts'
import { compareRows } from '../engine/cohorts/row-order'
import type { CompiledRuleSet } from '../engine/evaluate'
import type { CohortDefinition } from '../engine/rule-set/cohort-definition'
import { streamChildIds } from '../storage/children/stream-child-ids'
import type { Database } from '../storage/database/database'
import { loadChildFacts } from '../storage/facts/load-child-facts'
import { SCORING_PAGE, StoredFactsInvalid } from './score-city'

export const storedCohortRows = async (
  db: Kysely<Database>,
  compiled: CompiledRuleSet,
  definition: CohortDefinition,
  params: CohortParams,
): Promise<E.Either<CohortProblem, readonly CohortRow[]>> => {
  const rows: CohortRow[] = []
  for await (const page of streamChildIds(db, SCORING_PAGE)) {
    const loaded = await loadChildFacts(db, page)
    if (E.isLeft(loaded)) throw new StoredFactsInvalid([...new Set(loaded.left.map((p) => p.table))])
    const pageRows = cohortRows(compiled, definition, loaded.right, params)
    if (E.isLeft(pageRows)) return pageRows
    rows.push(...pageRows.right)
  }
  // Every default cohort shows the columns it sorts by, so page rows merge by the same order.
  return E.right(rows.sort(compareRows(definition.order)))
}
