/**
 * A cohort definition as data (SPEC §4): who belongs, which columns each row
 * carries and how rows are ordered. Decoded when the rule set loads; unknown
 * fields, unknown column names and unknown sort keys are errors at their path.
 *
 *   { "name", "title", "description",
 *     "members": Condition | { "firstTimeEntrant": { "formalOutcomes", "minAge", "maxAge" } },
 *     "columns": [column, …],
 *     "order": [{ "by": column | "score" | "childId", "direction": "asc" | "desc" }, …],
 *     "requiresRange"?: boolean }
 *
 * Rows are always ordered by `childId` last, so `order` need not say it.
 */
import * as t from 'io-ts'
import { YOUTH_JUSTICE_OUTCOMES } from '../facts/fact'
import type { YouthJusticeOutcome } from '../facts/fact'
import { COHORT_COLUMN_NAMES } from '../cohorts/column-names'
import type { CohortColumnName } from '../cohorts/column-names'
import { NonEmptyString, WholeNumber, closed, described, isPlainObject, literalOf, nonEmptyArray } from './closed-type'
import { Condition } from './condition'

export const CohortColumn: t.Type<CohortColumnName, CohortColumnName, unknown> = literalOf(
  COHORT_COLUMN_NAMES,
  'a cohort column',
)

/**
 * The named primitive for first-time entrants (DOMAIN.md §9; engine/cohorts/first-time-entry.ts):
 * the child's first outcome among `formalOutcomes` on or before D falls in the
 * requested range [from, to] while the child's age on that date is between
 * `minAge` and `maxAge` inclusive.
 */
export interface FirstTimeEntrantMembers {
  readonly firstTimeEntrant: {
    readonly formalOutcomes: readonly YouthJusticeOutcome[]
    readonly minAge: number
    readonly maxAge: number
  }
}

const FirstTimeEntrantParams = closed('firstTimeEntrant', {
  formalOutcomes: nonEmptyArray(literalOf(YOUTH_JUSTICE_OUTCOMES, 'a youth justice outcome'), 'outcomes'),
  minAge: WholeNumber,
  maxAge: WholeNumber,
})

/** The fields first (errors at their own paths), then `minAge ≤ maxAge`, reported at `maxAge`. */
const OrderedAges: t.Type<FirstTimeEntrantMembers['firstTimeEntrant'], FirstTimeEntrantMembers['firstTimeEntrant'], unknown> =
  new t.Type<FirstTimeEntrantMembers['firstTimeEntrant'], FirstTimeEntrantMembers['firstTimeEntrant'], unknown>(
    'firstTimeEntrant',
    (u): u is FirstTimeEntrantMembers['firstTimeEntrant'] => FirstTimeEntrantParams.is(u) && u.minAge <= u.maxAge,
    (u, c) => {
      const r = FirstTimeEntrantParams.validate(u, c)
      if (r._tag === 'Left' || r.right.minAge <= r.right.maxAge) return r
      const at: t.Context = [...c, { key: 'maxAge', type: WholeNumber, actual: r.right.maxAge }]
      return t.failure(r.right.maxAge, at, `an age of at least minAge (${r.right.minAge})`)
    },
    t.identity,
  )

const FirstTimeEntrantMembersCodec: t.Type<FirstTimeEntrantMembers, FirstTimeEntrantMembers, unknown> = closed(
  'FirstTimeEntrantMembers',
  { firstTimeEntrant: OrderedAges },
)

export type CohortMembers = FirstTimeEntrantMembers | Condition

export const isFirstTimeEntrantMembers = (m: CohortMembers): m is FirstTimeEntrantMembers => 'firstTimeEntrant' in m

/** The primitive when the object names it, otherwise a condition, so errors point into the branch meant. */
export const CohortMembers: t.Type<CohortMembers, CohortMembers, unknown> = new t.Type<
  CohortMembers,
  CohortMembers,
  unknown
>(
  'CohortMembers',
  (u): u is CohortMembers => FirstTimeEntrantMembersCodec.is(u) || Condition.is(u),
  (u, c) =>
    isPlainObject(u) && 'firstTimeEntrant' in u ? FirstTimeEntrantMembersCodec.validate(u, c) : Condition.validate(u, c),
  t.identity,
)

export type CohortSortKey = CohortColumnName | 'score' | 'childId'
export const CohortSortKey: t.Type<CohortSortKey, CohortSortKey, unknown> = literalOf<CohortSortKey>(
  [...COHORT_COLUMN_NAMES, 'score', 'childId'],
  'a sort key (a cohort column, score or childId)',
)

export interface CohortOrder {
  readonly by: CohortSortKey
  readonly direction: 'asc' | 'desc'
}
export const CohortOrder: t.Type<CohortOrder, CohortOrder, unknown> = closed('CohortOrder', {
  by: CohortSortKey,
  direction: literalOf(['asc', 'desc'] as const, 'a direction'),
})

export interface CohortDefinition {
  readonly name: string
  readonly title: string
  readonly description: string
  readonly members: CohortMembers
  readonly columns: readonly CohortColumnName[]
  readonly order: readonly CohortOrder[]
  /** The cohort needs `from` and `to` (first-time entrants). */
  readonly requiresRange?: boolean
}

/** Cohort names appear in URLs (`/cohorts/:name`) and on the command line. */
export const CohortName = described('a cohort name (lower-case letters, digits and -)', t.string, (s) =>
  /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(s),
)

const CohortDefinitionFields = closed(
  'CohortDefinition',
  {
    name: CohortName,
    title: NonEmptyString,
    description: NonEmptyString,
    members: CohortMembers,
    columns: t.readonlyArray(CohortColumn),
    order: t.readonlyArray(CohortOrder),
  },
  { requiresRange: t.boolean },
)

/** The first-time-entrant primitive reads `from` and `to`, so its cohort must say it requires them. */
const rangeDeclared = (d: CohortDefinition): boolean =>
  !isFirstTimeEntrantMembers(d.members) || d.requiresRange === true

export const CohortDefinition: t.Type<CohortDefinition, CohortDefinition, unknown> = new t.Type<
  CohortDefinition,
  CohortDefinition,
  unknown
>(
  'CohortDefinition',
  (u): u is CohortDefinition => CohortDefinitionFields.is(u) && rangeDeclared(u),
  (u, c) => {
    const r = CohortDefinitionFields.validate(u, c)
    if (r._tag === 'Left' || rangeDeclared(r.right)) return r
    const at: t.Context = [...c, { key: 'requiresRange', type: t.literal(true), actual: r.right.requiresRange }]
    return t.failure(r.right.requiresRange, at, 'true, since firstTimeEntrant members need from and to')
  },
  t.identity,
)
