/**
 * Cohorts (SPEC §4): named lists defined as data beside the rules.
 *
 *   const rows = cohortRows(compiled, definition, children, { asOf, from?, to?, locality? })
 *   const doc  = toCohortDocument(definition.name, asOf, rows.right, { limit?, cursor? }, seal)
 *                                                                 // SPEC JSON, paged; seal: ./list-seal
 *   const csv  = cohortCsv(rows.right, definition.columns)                                 // RFC 4180, A9-safe
 *   const diff = changedSince(rowsThen, rowsNow)                                           // entered / left / flags_changed
 *
 * Problems (a missing range, a bad date, limit or cursor) are values, never throws.
 */
export { cohortRows } from './cohort-rows'
export type { CohortParams } from './cohort-params'
export type { Cell, CohortRow, CohortRowJson } from './cohort-row'
export { cohortRowJson, withoutNames } from './cohort-row'
export type { CohortProblem, CohortParamIssue } from './cohort-problem'
export { pageOf, toCohortDocument } from './cohort-document'
export type { CohortDocument, CohortPage, PageRequest } from './cohort-document'
export { plainSeal } from './list-seal'
export type { ListSeal } from './list-seal'
export { cohortCsv, csvField } from './cohort-csv'
export { changedSince } from './changed-since'
export type { CohortChange, CohortChangeKind } from './changed-since'
export { COLUMNS } from './columns'
export type { ColumnContext } from './columns'
export { COHORT_COLUMN_NAMES } from './column-names'
export type { CohortColumnName } from './column-names'
export { firstFormalOutcome, isEntrantIn, DEFAULT_FIRST_TIME_ENTRANT } from './first-time-entry'
export type { FirstEntry } from './first-time-entry'
