/**
 * A stored cohort as it stood as of an earlier date: its members and the
 * flags each had raised, replayed from `cohort_event` and `flag_event` by
 * as-of date. This is the "earlier" side of `changedSince` (SPEC §4).
 */
import { sql, type Kysely } from 'kysely'
import type { IsoDate } from '../../engine/facts/fact'
import type { Database } from '../database/database'

export interface StoredCohortMember {
  readonly childId: string
  /** Ids of the flags raised as of the date, sorted. */
  readonly flags: readonly string[]
}

/** Members in childId order. */
export const cohortMembersOn = async (
  db: Kysely<Database>,
  cohort: string,
  date: IsoDate,
): Promise<readonly StoredCohortMember[]> => {
  const members = await sql<{ child_id: string }>`
    SELECT child_id FROM (
      SELECT DISTINCT ON (child_id) child_id, event
      FROM cohort_event
      WHERE cohort = ${cohort} AND on_date <= ${date}::date
      ORDER BY child_id, on_date DESC, id DESC
    ) latest
    WHERE event = 'entered'
    ORDER BY child_id
  `.execute(db)
  const childIds = members.rows.map((r) => r.child_id)
  if (childIds.length === 0) return []
  const flags = await sql<{ child_id: string; rule_id: string }>`
    SELECT child_id, rule_id FROM (
      SELECT DISTINCT ON (child_id, rule_id) child_id, rule_id, event
      FROM flag_event
      WHERE child_id = ANY(${childIds}::text[]) AND on_date <= ${date}::date
      ORDER BY child_id, rule_id, on_date DESC, evaluated_at DESC, id DESC
    ) latest
    WHERE event = 'raised'
  `.execute(db)
  const flagsOf = new Map<string, string[]>()
  for (const r of flags.rows) flagsOf.set(r.child_id, [...(flagsOf.get(r.child_id) ?? []), r.rule_id])
  return childIds.map((childId) => ({ childId, flags: [...(flagsOf.get(childId) ?? [])].sort() }))
}
