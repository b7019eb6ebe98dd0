/**
 * Scores every stored child as of a date and stores the flags with history,
 * a page of children at a time, so memory is bounded by the page, never the
 * city. Also records each date-only cohort's membership for `changedSince`.
 */
import * as E from 'fp-ts/Either'
import type { Kysely } from 'kysely'
import { compileCondition, buildChildContext, evaluationInContext, type CompiledRuleSet } from '../engine/evaluate'
import type { IsoDate } from '../engine/facts/fact'
import type { RuleSet } from '../engine/rule-set/rule-set'
import { isFirstTimeEntrantMembers } from '../engine/rule-set/cohort-definition'
import { streamChildIds } from '../storage/children/stream-child-ids'
import type { Database } from '../storage/database/database'
import { loadChildFacts } from '../storage/facts/load-child-facts'
import { storeCohortMembership } from '../storage/cohorts/store-cohort-membership'
import { storeEvaluations } from '../storage/flags/store-evaluations'

export const SCORING_PAGE = 2000

export interface ScoreSummary {
  readonly children: number
  readonly raised: number
  readonly cleared: number
  readonly tiers: Readonly<Record<string, number>>
  /** Children per raised flag id. */
  readonly flags: Readonly<Record<string, number>>
  readonly cohorts: Readonly<Record<string, { readonly members: number; readonly entered: number; readonly left: number }>>
}

export class StoredFactsInvalid extends Error {
  constructor(readonly tables: readonly string[]) {
    super(`stored rows failed to decode in ${tables.join(', ')}`)
  }
}

export const scoreCity = async (
  db: Kysely<Database>,
  ruleSet: RuleSet,
  compiled: CompiledRuleSet,
  options: { readonly asOf: IsoDate; readonly evaluatedAt: string; readonly onPage?: (children: number) => void },
): Promise<ScoreSummary> => {
  const memberTests = ruleSet.cohorts.flatMap((c) =>
    isFirstTimeEntrantMembers(c.members) ? [] : [{ name: c.name, holds: compileCondition(c.members, compiled) }],
  )
  const members = new Map<string, string[]>(memberTests.map((c) => [c.name, []]))
  const tiers: Record<string, number> = { high: 0, medium: 0, low: 0, none: 0 }
  const flags: Record<string, number> = Object.fromEntries(ruleSet.rules.map((r) => [r.id, 0]))
  let children = 0
  let raised = 0
  let cleared = 0
  for await (const page of streamChildIds(db, SCORING_PAGE)) {
    const loaded = await loadChildFacts(db, page)
    if (E.isLeft(loaded)) throw new StoredFactsInvalid([...new Set(loaded.left.map((p) => p.table))])
    const evaluations = loaded.right.map((child) => {
      const ctx = buildChildContext(compiled, child, options.asOf)
      for (const test of memberTests) if (test.holds(ctx).value) members.get(test.name)?.push(child.child.childId)
      return evaluationInContext(compiled, ctx)
    })
    for (const e of evaluations) {
      tiers[e.tier] = (tiers[e.tier] ?? 0) + 1
      for (const f of e.flags) flags[f.id] = (flags[f.id] ?? 0) + 1
    }
    const stored = await storeEvaluations(db, evaluations, { evaluatedAt: options.evaluatedAt })
    children += stored.children
    raised += stored.raised
    cleared += stored.cleared
    options.onPage?.(page.length)
  }
  const cohorts: Record<string, { members: number; entered: number; left: number }> = {}
  for (const [cohort, childIds] of members) {
    const changes = await storeCohortMembership(db, { cohort, asOf: options.asOf, evaluatedAt: options.evaluatedAt, childIds })
    cohorts[cohort] = { members: childIds.length, entered: changes.entered.length, left: changes.left.length }
  }
  return { children, raised, cleared, tiers, flags, cohorts }
}
