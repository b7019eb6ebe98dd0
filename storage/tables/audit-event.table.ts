import type { ColumnType, Generated, Selectable } from 'kysely'

/** Who consulted which children, when and why (DPA 2018 s62). Append-only; written by the API. */
export interface AuditEventTable {
  id: Generated<string>
  at: ColumnType<string, string | undefined, never>
  sub: string
  role: string
  /** The route pattern, never the raw URL. */
  route: string
  child_ids: ColumnType<string[], readonly string[], never>
  outcome: string
  purpose: string | null
  request_id: string
}

export type AuditEventRow = Selectable<AuditEventTable>
