/**
 * The child-level ports of ../services over the pure engine: evaluation,
 * cohort membership and rows (through ./cohort-cache), `changedSince`.
 * Children come from a ChildSource; everything else (ingest, audit,
 * unmatched, ping) is passed in by the composition root.
 */
import * as E from 'fp-ts/Either'
import { compileRuleSet } from '../../engine/evaluate/compile-rule-set'
import { evaluateChild } from '../../engine/evaluate/evaluate-child'
import type { ChildEvaluation } from '../../engine/evaluate/evaluation'
import { cohortRows } from '../../engine/cohorts/cohort-rows'
import { changedSince } from '../../engine/cohorts/changed-since'
import type { CohortParams } from '../../engine/cohorts/cohort-params'
import { checkParams } from '../../engine/cohorts/cohort-params'
import type { CohortRow } from '../../engine/cohorts/cohort-row'
import type { IsoDate } from '../../engine/facts/fact'
import type { RuleSet } from '../../engine/rule-set/rule-set'
import { isIsoDate } from '../../engine/time/calendar'
import type { ApiServices, CohortOutcome, CohortQuery } from '../services'
import type { ChildSource } from './child-source'
import { cohortCache, type CohortCache, type CohortCacheOptions } from './cohort-cache'
import { ingestJournal, type IngestJournal } from './ingest-journal'

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

/** The answer to a cohort request from the cache's rows: locality and `changedSince` applied here. */
export const cohortOver = async (
  cache: CohortCache,
  ruleSet: RuleSet,
  name: string,
  query: CohortQuery,
): Promise<CohortOutcome> => {
  const definition = ruleSet.cohorts.find((c) => c.name === name)
  if (definition === undefined) return { _tag: 'UnknownCohort' }
  if (query.changedSince !== undefined && (!isIsoDate(query.changedSince) || query.changedSince > query.asOf)) {
    return { _tag: 'InvalidParams', issues: [{ param: 'changedSince', message: 'a date YYYY-MM-DD on or before asOf' }] }
  }
  const checked = checkParams(definition, paramsOf(query, query.asOf))
  if (E.isLeft(checked)) {
    const problem = checked.left
    return {
      _tag: 'InvalidParams',
      issues: problem._tag === 'InvalidCohortParams' ? problem.issues : [{ param: 'cursor', message: 'a valid cursor' }],
    }
  }
  const inLocality = (rows: readonly CohortRow[]): readonly CohortRow[] =>
    query.locality === undefined ? rows : rows.filter((r) => r.locality === query.locality)
  const range = { ...(query.from === undefined ? {} : { from: query.from }), ...(query.to === undefined ? {} : { to: query.to }) }
  const now = await cache.rows(definition, { asOf: query.asOf, ...range })
  if (now._tag === 'Busy') return { _tag: 'Busy' }
  if (query.changedSince === undefined) return { _tag: 'Rows', value: { columns: definition.columns, rows: inLocality(now.rows) } }
  const then = await cache.rows(definition, { asOf: query.changedSince, ...range })
  if (then._tag === 'Busy') return { _tag: 'Busy' }
  const current = inLocality(now.rows)
  const changes = changedSince(inLocality(then.rows), current)
  const changed = new Set(changes.map((c) => c.childId))
  return { _tag: 'Rows', value: { columns: definition.columns, rows: current.filter((r) => changed.has(r.childId)), changes } }
}

/** The date-only cohorts as of a date: what the service computes at start so that the first page is quick. */
export const dateOnlyCohorts = (ruleSet: RuleSet, asOf: IsoDate) =>
  ruleSet.cohorts.filter((c) => c.requiresRange !== true).map((definition) => ({ definition, at: { asOf } }))

export interface EngineServicesOptions {
  /** Which children API ingests changed, so cached cohorts are patched rather than recomputed. */
  readonly journal?: IngestJournal
  readonly cache?: CohortCacheOptions
}

export type EngineServicesWithCache = EngineServices & {
  /** Computes the date-only cohorts as of a date, if not cached already. */
  readonly warmCohorts: (asOf: IsoDate) => Promise<void>
}

export const engineServices = (ruleSet: RuleSet, source: ChildSource, options: EngineServicesOptions = {}): EngineServicesWithCache => {
  const compiled = compileRuleSet(ruleSet)
  const cache = cohortCache(compiled, source, options.journal ?? ingestJournal(0), options.cache)
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
    evaluate: async (child, asOf) => withSince(evaluateChild(compiled, child, asOf), await source.flagSince(child)),
    inCohort: async (name, child, asOf) => {
      const definition = ruleSet.cohorts.find((c) => c.name === name)
      if (definition === undefined) return false
      const rows = cohortRows(compiled, definition, [child], { asOf })
      return E.isRight(rows) && rows.right.length > 0
    },
    cohort: (name, query) => cohortOver(cache, ruleSet, name, query),
    warmCohorts: (asOf) => cache.warm(dateOnlyCohorts(ruleSet, asOf)),
  }
}
