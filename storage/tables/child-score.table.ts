import type { Selectable } from 'kysely'

/** Each child's latest stored score and tier, and the evaluation that gave them. */
export interface ChildScoreTable {
  child_id: string
  as_of: string
  evaluated_at: string
  score: number
  tier: 'high' | 'medium' | 'low' | 'none'
  rule_set_id: string
  rule_set_version: string
  rule_set_hash: string
}

export type ChildScoreRow = Selectable<ChildScoreTable>
