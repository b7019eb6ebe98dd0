/**
 * The parameters of a cohort request, checked all at once: dates must be real
 * `YYYY-MM-DD` dates, a cohort that requires a range needs both `from` and
 * `to`, and `from` may not be after `to`.
 */
import * as E from 'fp-ts/Either'
import type { IsoDate } from '../facts/fact'
import { isIsoDate } from '../time/calendar'
import type { CohortDefinition } from '../rule-set/cohort-definition'
import type { CohortParamIssue, CohortProblem } from './cohort-problem'
import { invalidParams } from './cohort-problem'

export interface CohortParams {
  readonly asOf: IsoDate
  readonly from?: IsoDate
  readonly to?: IsoDate
  /** Only children of this locality (exact match); all localities when absent. */
  readonly locality?: string
}

export interface CheckedParams {
  readonly asOf: IsoDate
  readonly range: { readonly from: IsoDate; readonly to: IsoDate } | undefined
  readonly locality: string | undefined
}

export const checkParams = (definition: CohortDefinition, params: CohortParams): E.Either<CohortProblem, CheckedParams> => {
  const issues: CohortParamIssue[] = []
  const date = (param: 'asOf' | 'from' | 'to', value: string | undefined): void => {
    if (value !== undefined && !isIsoDate(value)) issues.push({ param, message: 'a date YYYY-MM-DD that exists' })
  }
  date('asOf', params.asOf)
  date('from', params.from)
  date('to', params.to)
  if (definition.requiresRange === true) {
    if (params.from === undefined) issues.push({ param: 'from', message: `required by the ${definition.name} cohort` })
    if (params.to === undefined) issues.push({ param: 'to', message: `required by the ${definition.name} cohort` })
  }
  const { from, to } = params
  if (issues.length === 0 && from !== undefined && to !== undefined && from > to) {
    issues.push({ param: 'to', message: `a date on or after from (${from})` })
  }
  if (issues.length > 0) return E.left(invalidParams(definition.name, issues))
  return E.right({
    asOf: params.asOf,
    range: from !== undefined && to !== undefined ? { from, to } : undefined,
    locality: params.locality,
  })
}
