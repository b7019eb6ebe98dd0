import type { ColumnType, Generated, Selectable } from 'kysely'

/** One ingested batch. Runs are written inside the batch's transaction, so only committed runs exist. */
export interface IngestRunTable {
  /** int8, as a string. */
  id: Generated<string>
  started_at: string
  finished_at: string | null
  label: string | null
  status: 'running' | 'completed'
  /** IngestCounts as JSON. */
  counts: ColumnType<unknown, string | null, string | null>
}

export type IngestRunRow = Selectable<IngestRunTable>
