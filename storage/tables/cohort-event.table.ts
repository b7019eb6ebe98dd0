import type { Generated, Selectable } from 'kysely'

/** Append-only history of cohort membership: a child entered or left, as of a date. */
export interface CohortEventTable {
  id: Generated<string>
  cohort: string
  child_id: string
  event: 'entered' | 'left'
  on_date: string
  evaluated_at: string
}

export type CohortEventRow = Selectable<CohortEventTable>
