import * as E from 'fp-ts/Either'
import { pipe } from 'fp-ts/function'
import { cohortRows, plainSeal, toCohortDocument, type CohortDocument, type CohortProblem, type PageRequest } from '../engine/cohorts'
import type { CompiledRuleSet } from '../engine/evaluate'
import type { IsoDate } from '../engine/facts/fact'
import type { ChildFacts } from '../engine/linking/child-facts'
import type { RuleSet } from '../engine/rule-set/rule-set'

export const formatCohortProblem = (p: CohortProblem): string => {
  switch (p._tag) {
    case 'BadCursor':
      return `cohort ${p.cohort}: the cursor is not one this cohort gave out`
    case 'ListChanged':
      return `cohort ${p.cohort}: the list changed since this cursor was given out; start again from the first page`
    case 'InvalidCohortParams':
      return `cohort ${p.cohort}: ${p.issues.map((i) => `${i.param}: ${i.message}`).join('; ')}`
  }
}

export interface CohortRequest {
  readonly asOf: IsoDate
  readonly from?: IsoDate | undefined
  readonly to?: IsoDate | undefined
  readonly locality?: string | undefined
}

/** A cohort document over in-memory children, or a message for stderr. */
export const cohortDocument = (
  compiled: CompiledRuleSet,
  ruleSet: RuleSet,
  name: string,
  children: Iterable<ChildFacts>,
  request: CohortRequest,
  page: PageRequest = {},
): E.Either<string, CohortDocument> => {
  const definition = ruleSet.cohorts.find((c) => c.name === name)
  if (definition === undefined)
    return E.left(`no cohort named ${name}; the rule set defines ${ruleSet.cohorts.map((c) => c.name).join(', ')}`)
  const params = {
    asOf: request.asOf,
    ...(request.from === undefined ? {} : { from: request.from }),
    ...(request.to === undefined ? {} : { to: request.to }),
    ...(request.locality === undefined ? {} : { locality: request.locality }),
  }
  return pipe(
    cohortRows(compiled, definition, children, params),
    E.chain((rows) => toCohortDocument(name, request.asOf, rows, page, plainSeal)),
    E.mapLeft(formatCohortProblem),
  )
}
