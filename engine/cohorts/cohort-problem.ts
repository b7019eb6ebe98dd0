/**
 * What can be wrong with a cohort request, as values (never throws). Every
 * parameter problem is reported at once; the HTTP edge maps them all to 400.
 */
export interface CohortParamIssue {
  readonly param: 'asOf' | 'from' | 'to' | 'limit' | 'cursor'
  readonly message: string
}

export type CohortProblem =
  | { readonly _tag: 'InvalidCohortParams'; readonly cohort: string; readonly issues: readonly CohortParamIssue[] }
  | { readonly _tag: 'BadCursor'; readonly cohort: string; readonly cursor: string }

export const invalidParams = (cohort: string, issues: readonly CohortParamIssue[]): CohortProblem => ({
  _tag: 'InvalidCohortParams',
  cohort,
  issues,
})

export const badCursor = (cohort: string, cursor: string): CohortProblem => ({ _tag: 'BadCursor', cohort, cursor })
