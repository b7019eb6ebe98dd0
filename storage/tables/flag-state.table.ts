import type { ColumnType, Selectable } from 'kysely'

/** The flags the service currently shows for each child, with the start of their unbroken run. */
export interface FlagStateTable {
  child_id: string
  rule_id: string
  since: string
  as_of: string
  evaluated_at: string
  rule_set_id: string
  rule_set_version: string
  rule_set_hash: string
  title: string
  category: string
  weight: number
  explanation: string
  /** Evidence[] as JSON; decoded before use. */
  evidence: ColumnType<unknown, string, string>
}

export type FlagStateRow = Selectable<FlagStateTable>
