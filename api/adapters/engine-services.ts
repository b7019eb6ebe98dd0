/**
 * The child-level ports of ../services over the pure engine: evaluation,
 * cohort membership and rows, `changedSince`. Children come from a
 * ChildSource; everything else (ingest, audit, unmatched, ping) is passed in
 * by the composition root.
 */
import * as E from 'fp-ts/Either'
import type { CompiledRuleSet } from '../../engine/evaluate/compile-rule-set'
import { compileRuleSet } from '../../engine/evaluate/compile-rule-set'
import { evaluateChild } from '../../engine/evaluate/evaluate-child'
import type { ChildEvaluation } from '../../engine/evaluate/evaluation'
import { cohortRows } from '../../engine/cohorts/cohort-rows'
import { changedSince } from '../../engine/cohorts/changed-since'
import type { CohortParams } from '../../engine/cohorts/cohort-params'
import type { ChildFacts } from '../../engine/linking/child-facts'
import type { IsoDate } from '../../engine/facts/fact'
import type { RuleSet } from '../../engine/rule-set/rule-set'
import { isIsoDate } from '../../engine/time/calendar'
import type { ApiServices, CohortOutcome, CohortQuery } from '../services'
import type { ChildSource } from './child-source'

export type EngineServices = Pick<ApiServices, 'findChildren' | 'childFacts' | 'evaluate' | 'inCohort' | 'cohort'>

const paramsOf = (query: CohortQuery, asOf: IsoDate): CohortParams => ({
  asOf,
  ...(query.from === undefined ? {} : { from: query.from }),
  ...(query.to === undefined ? {} : { to: query.to }),
  ...(query.locality === undefined ? {} : { locality: query.locality }),
})

/** `since` from stored history, for flags raised on or after the date their run started. */
const withSince = (evaluation: ChildEvaluation, since: ReadonlyMap<string, IsoDate>): ChildEvaluation => ({
  ...evaluation,
  flags: evaluation.flags.map((f) => {
    const start = since.get(f.id)
    return start !== undefined && start <= evaluation.asOf ? { ...f, since: start } : f
  }),
})

export const cohortOver = (
  compiled: CompiledRuleSet,
  ruleSet: RuleSet,
  children: readonly ChildFacts[],
  name: string,
  query: CohortQuery,
): CohortOutcome => {
  const definition = ruleSet.cohorts.find((c) => c.name === name)
  if (definition === undefined) return { _tag: 'UnknownCohort' }
  if (query.changedSince !== undefined && (!isIsoDate(query.changedSince) || query.changedSince > query.asOf)) {
    return { _tag: 'InvalidParams', issues: [{ param: 'changedSince', message: 'a date YYYY-MM-DD on or before asOf' }] }
  }
  const now = cohortRows(compiled, definition, children, paramsOf(query, query.asOf))
  if (E.isLeft(now)) {
    const problem = now.left
    return {
      _tag: 'InvalidParams',
      issues: problem._tag === 'InvalidCohortParams' ? problem.issues : [{ param: 'cursor', message: 'a valid cursor' }],
    }
  }
  if (query.changedSince === undefined) return { _tag: 'Rows', value: { columns: definition.columns, rows: now.right } }
  const then = cohortRows(compiled, definition, children, paramsOf(query, query.changedSince))
  const changes = changedSince(E.isRight(then) ? then.right : [], now.right)
  const changed = new Set(changes.map((c) => c.childId))
  return {
    _tag: 'Rows',
    value: { columns: definition.columns, rows: now.right.filter((r) => changed.has(r.childId)), changes },
  }
}

export const engineServices = (ruleSet: RuleSet, source: ChildSource): EngineServices => {
  const compiled = compileRuleSet(ruleSet)
  return {
    findChildren: async (lookup) => {
      const records = await source.findChildren(lookup)
      const tiers = await source.storedTiers(records.map((r) => r.childId))
      return records.map((r) => ({
        childId: r.childId,
        ...(r.givenName === undefined ? {} : { givenName: r.givenName }),
        ...(r.familyName === undefined ? {} : { familyName: r.familyName }),
        dateOfBirth: r.dateOfBirth,
        locality: r.locality,
        tier: tiers.get(r.childId) ?? null,
      }))
    },
    childFacts: (childId) => source.childFacts(childId),
    evaluate: async (child, asOf) => withSince(evaluateChild(compiled, child, asOf), await source.flagSince(child.child.childId)),
    inCohort: async (name, child, asOf) => {
      const outcome = cohortOver(compiled, ruleSet, [child], name, { asOf })
      return outcome._tag === 'Rows' && outcome.value.rows.length > 0
    },
    cohort: async (name, query) => cohortOver(compiled, ruleSet, await source.allChildFacts(), name, query),
  }
}
