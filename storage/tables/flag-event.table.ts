import type { Generated, Selectable } from 'kysely'

/** Append-only history: a flag raised or cleared, as of a date, by an evaluation at an instant. */
export interface FlagEventTable {
  id: Generated<string>
  child_id: string
  rule_id: string
  event: 'raised' | 'cleared'
  on_date: string
  evaluated_at: string
  rule_set_id: string
  rule_set_version: string
  rule_set_hash: string
}

export type FlagEventRow = Selectable<FlagEventTable>
