/**
 * A cohort over the stored facts, read a page of children at a time (the
 * next page read while this one's rows are computed by the engine), then all
 * rows put in the cohort's order. Rows are small; the children's facts are
 * not kept.
 */
import * as E from 'fp-ts/Either'
import type { Kysely } from 'kysely'
import { cohortRows, type CohortParams, type CohortProblem, type CohortRow } from '../engine/cohorts'
import { compareRows } from '../engine/cohorts/row-order'
import type { CompiledRuleSet } from '../engine/evaluate'
import type { CohortDefinition } from '../engine/rule-set/cohort-definition'
import type { Database } from '../storage/database/database'
import { readCityPage } from './score-city'
import { prefetchedPages } from './score-pages'

export const storedCohortRows = async (
  db: Kysely<Database>,
  compiled: CompiledRuleSet,
  definition: CohortDefinition,
  params: CohortParams,
): Promise<E.Either<CohortProblem, readonly CohortRow[]>> => {
  const rows: CohortRow[] = []
  for await (const page of prefetchedPages('', readCityPage(db))) {
    const pageRows = cohortRows(compiled, definition, page.children, params)
    if (E.isLeft(pageRows)) return pageRows
    rows.push(...pageRows.right)
  }
  // Every default cohort shows the columns it sorts by, so page rows merge by the same order.
  return E.right(rows.sort(compareRows(definition.order)))
}
