/**
 * A cohort's rows (SPEC §4): the children who belong as of D, each with its
 * flags, score, tier and the cohort's columns, in the definition's order (then
 * `childId`). Children outside the locality filter are skipped before any
 * evaluation. The caller decides which children a role may see.
 *
 * Condition cohorts build each child's context once: membership reads the rule
 * results in it, and only members have their flags explained. First-time
 * entrants are found from their facts, then evaluated as of the day before
 * entry (what was known before).
 */
import * as E from 'fp-ts/Either'
import { addDays, ageOn } from '../time/calendar'
import type { ChildFacts } from '../linking/child-facts'
import type { CompiledRuleSet } from '../evaluate/compile-rule-set'
import { compileConditionValue } from '../evaluate/compile-rule-set'
import { buildChildContext, evaluateChild, evaluationInContext } from '../evaluate/evaluate-child'
import type { CohortDefinition, CohortOrder } from '../rule-set/cohort-definition'
import { isFirstTimeEntrantMembers } from '../rule-set/cohort-definition'
import type { CohortColumnName } from './column-names'
import type { Cell, CohortRow } from './cohort-row'
import type { CohortParams, CheckedParams } from './cohort-params'
import { checkParams } from './cohort-params'
import type { CohortProblem } from './cohort-problem'
import { COLUMNS } from './columns'
import type { ColumnContext } from './columns'
import { DEFAULT_FIRST_TIME_ENTRANT, firstFormalOutcome, isEntrantIn } from './first-time-entry'
import { compareRows } from './row-order'

/** The context of each member; non-members give undefined. */
type MemberTest = (child: ChildFacts) => ColumnContext | undefined

const memberTest = (compiled: CompiledRuleSet, definition: CohortDefinition, params: CheckedParams): MemberTest => {
  const { members } = definition
  const { asOf, range } = params
  if (isFirstTimeEntrantMembers(members)) {
    const fte = members.firstTimeEntrant
    return (child) => {
      const entry = firstFormalOutcome(child, asOf, fte)
      if (range === undefined || !isEntrantIn(entry, range.from, range.to, fte)) return undefined
      return { child, evaluation: evaluateChild(compiled, child, addDays(entry.date, -1)), asOf, entry }
    }
  }
  const holds = compileConditionValue(members, compiled)
  return (child) => {
    const ctx = buildChildContext(compiled, child, asOf)
    if (!holds(ctx)) return undefined
    const entry = firstFormalOutcome(child, asOf, DEFAULT_FIRST_TIME_ENTRANT)
    return { child, evaluation: evaluationInContext(compiled, ctx), asOf, entry }
  }
}

const rowOf = (ctx: ColumnContext, names: readonly CohortColumnName[]): CohortRow => {
  const { child } = ctx.child
  return {
    childId: child.childId,
    ...(child.givenName === undefined ? {} : { givenName: child.givenName }),
    ...(child.familyName === undefined ? {} : { familyName: child.familyName }),
    age: ageOn(child.dateOfBirth, ctx.asOf),
    sex: child.sex,
    locality: child.locality,
    score: ctx.evaluation.score,
    tier: ctx.evaluation.tier,
    flags: ctx.evaluation.flags.map((f) => f.id),
    columns: Object.fromEntries(names.map((name): [string, Cell] => [name, COLUMNS[name].compute(ctx)])),
  }
}

/** Columns the order reads but the cohort does not show are computed for sorting, then dropped. */
const sortColumns = (order: readonly CohortOrder[]): readonly CohortColumnName[] =>
  order.flatMap((o) => (o.by === 'score' || o.by === 'childId' ? [] : [o.by]))

const keepColumns = (row: CohortRow, names: readonly CohortColumnName[]): CohortRow => ({
  ...row,
  columns: Object.fromEntries(names.map((n) => [n, row.columns[n] ?? null])),
})

export const cohortRows = (
  compiled: CompiledRuleSet,
  definition: CohortDefinition,
  children: Iterable<ChildFacts>,
  params: CohortParams,
): E.Either<CohortProblem, readonly CohortRow[]> =>
  E.map((checked: CheckedParams) => {
    const shown = definition.columns
    const computed = [...new Set([...shown, ...sortColumns(definition.order)])]
    const test = memberTest(compiled, definition, checked)
    const rows: CohortRow[] = []
    for (const child of children) {
      if (checked.locality !== undefined && child.child.locality !== checked.locality) continue
      const ctx = test(child)
      if (ctx !== undefined) rows.push(rowOf(ctx, computed))
    }
    rows.sort(compareRows(definition.order))
    return computed.length === shown.length ? rows : rows.map((r) => keepColumns(r, shown))
  })(checkParams(definition, params))
