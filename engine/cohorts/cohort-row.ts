/**
 * One child's line in a cohort (SPEC §4). The cohort's own columns sit in
 * `columns`, in the definition's order, so the SPEC JSON row
 * `{ childId, age, sex, locality, score, tier, flags, <columns…>, givenName?, familyName? }`
 * is a spread away (see `cohortRowJson`).
 */
import type { ChildFields } from '../facts/fact'
import type { Tier } from '../evaluate/evaluation'

/** A column's value: `null` says "no data", which is not the same as zero or false. */
export type Cell = string | number | boolean | null

export interface CohortRow {
  readonly childId: string
  readonly givenName?: string
  readonly familyName?: string
  /** Whole years on the cohort's as-of date D. */
  readonly age: number
  readonly sex: ChildFields['sex']
  readonly locality: string
  readonly score: number
  readonly tier: Tier
  /** Ids of the raised flags, in flag order (weight, then id). */
  readonly flags: readonly string[]
  readonly columns: Readonly<Record<string, Cell>>
}

/** The SPEC JSON form of a row: fixed fields, then the cohort's columns, then names when the row has them. */
export type CohortRowJson = Readonly<Record<string, Cell | readonly string[]>>

export const cohortRowJson = (row: CohortRow): CohortRowJson => ({
  childId: row.childId,
  age: row.age,
  sex: row.sex,
  locality: row.locality,
  score: row.score,
  tier: row.tier,
  flags: row.flags,
  ...row.columns,
  ...(row.givenName === undefined ? {} : { givenName: row.givenName }),
  ...(row.familyName === undefined ? {} : { familyName: row.familyName }),
})

/** The row without names, for roles that may not see them. */
export const withoutNames = (row: CohortRow): CohortRow => {
  const { givenName: _given, familyName: _family, ...rest } = row
  return rest
}
