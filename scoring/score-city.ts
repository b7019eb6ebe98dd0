/**
 * Scores every stored child as of a date and stores the flags with history,
 * a keyset page of children at a time (./score-pages), so memory is bounded
 * by the pages in hand, never the city. Also records each date-only cohort's
 * membership for `changedSince`, and, when asked, clears the marks of
 * children an ingest left to score again, since it scored them.
 */
import type { Kysely } from 'kysely'
import { compileConditionValue, buildChildContext, evaluationInContext, factReach, type CompiledRuleSet, type FactReach } from '../engine/evaluate'
import type { ChildEvaluation } from '../engine/evaluate/evaluation'
import type { IsoDate } from '../engine/facts/fact'
import type { ChildFacts } from '../engine/linking/child-facts'
import type { RuleSet } from '../engine/rule-set/rule-set'
import { isFirstTimeEntrantMembers } from '../engine/rule-set/cohort-definition'
import type { Database } from '../storage/database/database'
import { loadChildPage } from '../storage/facts/load-child-page'
import { clearScorePending, MarksToClear, pendingMarks } from '../storage/flags/score-pending'
import { storeCohortMembership } from '../storage/cohorts/store-cohort-membership'
import { loadedOrThrow, SCORING_PAGE, scorePages, type Page } from './score-pages'

export { SCORING_PAGE, StoredFactsInvalid } from './score-pages'

export interface ScoreSummary {
  readonly children: number
  readonly raised: number
  readonly cleared: number
  readonly tiers: Readonly<Record<string, number>>
  /** Children per raised flag id. */
  readonly flags: Readonly<Record<string, number>>
  readonly cohorts: Readonly<Record<string, { readonly members: number; readonly entered: number; readonly left: number }>>
}

/**
 * Pages of the city in childId order; a page's cursor is the childId it
 * starts after ('' sorts before every childId). With `reach`, each child's
 * facts are only those the rules may read (storage/facts/in-reach).
 */
export const readCityPage =
  (db: Kysely<Database>, size: number = SCORING_PAGE, reach?: FactReach) =>
  async (after: string): Promise<Page<string>> => {
    const page = loadedOrThrow(await loadChildPage(db, after === '' ? undefined : after, size, reach))
    return { children: page.children, next: page.last }
  }

export const scoreCity = async (
  db: Kysely<Database>,
  ruleSet: RuleSet,
  compiled: CompiledRuleSet,
  options: {
    readonly asOf: IsoDate
    readonly evaluatedAt: string
    readonly onPage?: (children: number) => void
    /** Children a page (default SCORING_PAGE). */
    readonly pageSize?: number
    /**
     * Clear the marks of children to score again (storage/flags/score-pending)
     * that were there when this run began: set it when `asOf` is the date
     * ingest scores marked children as of (today in London).
     */
    readonly clearPendingMarks?: boolean
  },
): Promise<ScoreSummary> => {
  // Read before the first page: every batch that left these marks had committed, so the pages show its facts.
  const clearing = new MarksToClear(options.clearPendingMarks === true ? await pendingMarks(db) : [])
  const memberTests = ruleSet.cohorts.flatMap((c) =>
    isFirstTimeEntrantMembers(c.members) ? [] : [{ name: c.name, members: c.members, holds: compileConditionValue(c.members, compiled) }],
  )
  const members = new Map<string, string[]>(memberTests.map((c) => [c.name, []]))
  const tiers: Record<string, number> = { high: 0, medium: 0, low: 0, none: 0 }
  const flags: Record<string, number> = Object.fromEntries(ruleSet.rules.map((r) => [r.id, 0]))
  const evaluate = (child: ChildFacts): ChildEvaluation => {
    const ctx = buildChildContext(compiled, child, options.asOf)
    for (const test of memberTests) if (test.holds(ctx)) members.get(test.name)?.push(child.child.childId)
    const evaluation = evaluationInContext(compiled, ctx)
    tiers[evaluation.tier] = (tiers[evaluation.tier] ?? 0) + 1
    for (const f of evaluation.flags) flags[f.id] = (flags[f.id] ?? 0) + 1
    return evaluation
  }
  // Only the facts the rules and these cohorts can read as of D: most of a city's are attendance summaries older than any window.
  const reach = factReach(compiled, options.asOf, memberTests.map((c) => c.members))
  const counts = await scorePages(db, '', readCityPage(db, options.pageSize, reach), evaluate, { ...options, clearing })

  const cohorts: Record<string, { members: number; entered: number; left: number }> = {}
  for (const [cohort, childIds] of members) {
    const changes = await storeCohortMembership(db, { cohort, asOf: options.asOf, evaluatedAt: options.evaluatedAt, childIds })
    cohorts[cohort] = { members: childIds.length, entered: changes.entered.length, left: changes.left.length }
  }
  // Each page's store cleared its children's marks; these are marks of children no page held. Left, the next
  // ingest would score all of them again.
  await clearScorePending(db, clearing.left)
  return { ...counts, tiers, flags, cohorts }
}
