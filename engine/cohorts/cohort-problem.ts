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
  /** The rows before the cursor are not those it was given out after: start again from the first page. */
  | { readonly _tag: 'ListChanged'; readonly cohort: string }

export const invalidParams = (cohort: string, issues: readonly CohortParamIssue[]): CohortProblem => ({
  _tag: 'InvalidCohortParams',
  cohort,
  issues,
})

export const badCursor = (cohort: string, cursor: string): CohortProblem => ({ _tag: 'BadCursor', cohort, cursor })

export const listChanged = (cohort: string): CohortProblem => ({ _tag: 'ListChanged', cohort })
