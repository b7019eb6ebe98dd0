import type { Selectable } from 'kysely'

/** Current members of each stored cohort, since the as-of date they entered. */
export interface CohortMemberTable {
  cohort: string
  child_id: string
  since: string
}

export type CohortMemberRow = Selectable<CohortMemberTable>
