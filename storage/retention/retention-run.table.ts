import type { ColumnType, Generated, Selectable } from 'kysely'

/** One retention run: counts only, never what was erased (migration 2026-11-25-04). */
export interface RetentionRunTable {
  id: Generated<string>
  started_at: string
  finished_at: string | null
  as_of: string
  status: 'erased' | 'completed'
  /** Each period in force, as configured (`P2Y`, `with-child`). */
  policy: ColumnType<unknown, string, never>
  /** ErasureCounts as JSON. */
  counts: ColumnType<unknown, string, never>
  rescored: number | null
}

export type RetentionRunRow = Selectable<RetentionRunTable>

/** Added to the application's schema with `db.withTables<RetentionTables>()`. */
export type RetentionTables = {
  retention_run: RetentionRunTable
}
