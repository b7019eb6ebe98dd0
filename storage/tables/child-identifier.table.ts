import type { Selectable } from 'kysely'

/** Agency identifiers of current child records; one child per `(type, value)`. */
export interface ChildIdentifierTable {
  type: string
  value: string
  child_id: string
  /** The child record that claims it. */
  source: string
  source_id: string
}

export type ChildIdentifierRow = Selectable<ChildIdentifierTable>
