import type { Selectable } from 'kysely'

/** The current `child` record of each child (one per childId, SPEC §2 "Linking facts to children"). */
export interface ChildTable {
  child_id: string
  source: string
  source_id: string
  version_id: string
  /** DATE, as `YYYY-MM-DD`. */
  date_of_birth: string
  sex: string
  locality: string
  ethnicity: string | null
  given_name: string | null
  family_name: string | null
}

export type ChildRow = Selectable<ChildTable>
