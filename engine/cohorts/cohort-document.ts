/**
 * SPEC §4's JSON cohort document, one page at a time:
 * `{ cohort, asOf, rows, nextCursor }`, `nextCursor` null on the last page.
 *
 * Without a limit the page runs to the end. A cursor that is not one of
 * ours is a `BadCursor` problem; one given out when the rows before it were
 * other children, or in another order (the list changed between pages), is
 * `ListChanged`: paging on by position would skip a child or show one
 * twice (./list-seal).
 */
import * as E from 'fp-ts/Either'
import type { IsoDate } from '../facts/fact'
import type { CohortRow, CohortRowJson } from './cohort-row'
import { cohortRowJson } from './cohort-row'
import type { CohortProblem } from './cohort-problem'
import { badCursor, invalidParams, listChanged } from './cohort-problem'
import { decodeCursor, encodeCursor } from './cohort-cursor'
import type { ListSeal } from './list-seal'

export interface PageRequest {
  readonly limit?: number
  readonly cursor?: string
}

export interface CohortPage {
  readonly rows: readonly CohortRow[]
  readonly nextCursor: string | null
}

export interface CohortDocument {
  readonly cohort: string
  readonly asOf: IsoDate
  readonly rows: readonly CohortRowJson[]
  readonly nextCursor: string | null
}

/** The rows of one page and the cursor of the next. */
export const pageOf = (
  cohort: string,
  rows: readonly CohortRow[],
  page: PageRequest,
  seal: ListSeal,
): E.Either<CohortProblem, CohortPage> => {
  const { limit, cursor } = page
  if (limit !== undefined && !(Number.isSafeInteger(limit) && limit >= 1)) {
    return E.left(invalidParams(cohort, [{ param: 'limit', message: 'a whole number of at least 1' }]))
  }
  const ids = rows.map((r) => r.childId)
  const sealBefore = (end: number): string => seal(ids.slice(0, end))
  let from = 0
  if (cursor !== undefined) {
    const position = decodeCursor(cohort, cursor)
    if (E.isLeft(position)) return E.left(badCursor(cohort, cursor))
    const { offset } = position.right
    if (offset > rows.length || sealBefore(offset) !== position.right.seal) return E.left(listChanged(cohort))
    from = offset
  }
  const to = limit === undefined ? rows.length : Math.min(from + limit, rows.length)
  return E.right({ rows: rows.slice(from, to), nextCursor: to < rows.length ? encodeCursor(cohort, { offset: to, seal: sealBefore(to) }) : null })
}

export const toCohortDocument = (
  cohort: string,
  asOf: IsoDate,
  rows: readonly CohortRow[],
  page: PageRequest,
  seal: ListSeal,
): E.Either<CohortProblem, CohortDocument> =>
  E.map((p: CohortPage) => ({ cohort, asOf, rows: p.rows.map(cohortRowJson), nextCursor: p.nextCursor }))(
    pageOf(cohort, rows, page, seal),
  )
