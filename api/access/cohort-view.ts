/**
 * A cohort as a role may see it (SPEC §1, §4).
 *
 * - Names only for roles that see names; for `yot_analyst` the childId is
 *   replaced by the keyed pseudonym (and the JSON key says `pseudonym`).
 * - A row's flag ids are limited to the role's categories (an unknown id is
 *   dropped: deny by default), and score and tier are then those of the flags
 *   shown, as in ./flag-view.
 * - `changedSince` entries (already limited to the role's children by the
 *   caller) show only flags of the role's categories, pseudonymised like
 *   rows; a child whose only changes are hidden from the role is left out,
 *   from the changes and from the rows.
 */
import type { CohortRow, CohortRowJson } from '../../engine/cohorts/cohort-row'
import { cohortRowJson, withoutNames } from '../../engine/cohorts/cohort-row'
import type { CohortChange } from '../../engine/cohorts/changed-since'
import { cohortCsv } from '../../engine/cohorts/cohort-csv'
import type { RuleCategory, Tier } from '../../engine/evaluate/evaluation'
import type { RuleSet } from '../../engine/rule-set/rule-set'
import type { Pseudonymise } from './pseudonym'
import type { RolePolicy } from './role-policy'
import { seesCategory } from './role-policy'

export interface RuleFacts {
  readonly categoryOf: (ruleId: string) => RuleCategory | undefined
  readonly weightOf: (ruleId: string) => number
  readonly tierOf: (score: number) => Tier
}

export const ruleFactsOf = (ruleSet: RuleSet, tierOf: (score: number) => Tier): RuleFacts => {
  const byId = new Map(ruleSet.rules.map((r) => [r.id, r]))
  return { categoryOf: (id) => byId.get(id)?.category, weightOf: (id) => byId.get(id)?.weight ?? 0, tierOf }
}

export const cohortRowFor = (policy: RolePolicy, rules: RuleFacts, pseudonymise: Pseudonymise) => (row: CohortRow): CohortRow => {
  const named = policy.identity === 'names' ? row : withoutNames(row)
  const identified = policy.identity === 'pseudonym' ? { ...named, childId: pseudonymise(row.childId) } : named
  if (policy.categories === 'all') return identified
  const flags = row.flags.filter((id) => {
    const category = rules.categoryOf(id)
    return category !== undefined && seesCategory(policy, category)
  })
  const score = flags.reduce((sum, id) => sum + rules.weightOf(id), 0)
  return { ...identified, flags, score, tier: rules.tierOf(score) }
}

/** The JSON row: SPEC's form, with `pseudonym` in place of `childId` for pseudonymised roles. */
export const cohortRowJsonFor = (policy: RolePolicy, row: CohortRow): CohortRowJson => {
  const json = cohortRowJson(row)
  if (policy.identity !== 'pseudonym') return json
  const { childId, ...rest } = json
  return { pseudonym: childId ?? null, ...rest }
}

export interface ChangeJson {
  readonly childId?: string
  readonly pseudonym?: string
  readonly change: CohortChange['change']
  readonly raised: readonly string[]
  readonly cleared: readonly string[]
}

/**
 * The changes a role may know of: flags of its categories only, and a child
 * whose flags changed only in categories it may not see is not a change for
 * it (listing the child would tell it that something hidden changed).
 */
export const visibleChanges = (policy: RolePolicy, rules: RuleFacts, changes: readonly CohortChange[]): readonly CohortChange[] => {
  if (policy.categories === 'all') return changes
  const visibleFlag = (id: string): boolean => {
    const category = rules.categoryOf(id)
    return category !== undefined && seesCategory(policy, category)
  }
  return changes
    .map((c) => ({ ...c, raised: c.raised.filter(visibleFlag), cleared: c.cleared.filter(visibleFlag) }))
    .filter((c) => c.change !== 'flags_changed' || c.raised.length + c.cleared.length > 0)
}

/** Changes already limited by `visibleChanges`, identified as the role's rows are. */
export const changesFor = (policy: RolePolicy, pseudonymise: Pseudonymise, changes: readonly CohortChange[]): readonly ChangeJson[] =>
  changes.map(({ childId, ...rest }) =>
    policy.identity === 'pseudonym' ? { pseudonym: pseudonymise(childId), ...rest } : { childId, ...rest },
  )

/**
 * CSV of rows already filtered for the role; pseudonymised lists head their
 * first column `pseudonym`. With `changedSince`, the changes the role may see
 * (`visibleChanges`), identified as its rows are; the children who left go
 * on the last page.
 */
export const cohortCsvFor = (
  policy: RolePolicy,
  pseudonymise: Pseudonymise,
  rows: readonly CohortRow[],
  columns: readonly string[],
  changes?: { readonly list: readonly CohortChange[]; readonly lastPage: boolean },
): string => {
  const identified = (c: CohortChange): CohortChange => (policy.identity === 'pseudonym' ? { ...c, childId: pseudonymise(c.childId) } : c)
  const csv = cohortCsv(rows, columns, {
    names: policy.identity === 'names',
    ...(changes === undefined ? {} : { changes: { list: changes.list.map(identified), withLeft: changes.lastPage } }),
  })
  return policy.identity === 'pseudonym' ? csv.replace(/^childId,/, 'pseudonym,') : csv
}
