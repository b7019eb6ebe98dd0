import type { ColumnType, Generated, Selectable } from 'kysely'

/**
 * Every version of every fact ever received (SPEC §2: history is kept), the
 * current version of each `(source, sourceId)` flagged `is_current`. Versions
 * are never deleted or edited, except that the current flag moves and a
 * current fact's link to a child is decided again when child records change.
 */
export interface FactVersionTable {
  /** int8, as a string. */
  id: Generated<string>
  source: string
  source_id: string
  kind: string
  recorded_at: string
  withdrawn: boolean
  /**
   * The decoded FactVersion as json, in jsonb's text form (keys ordered, one
   * text for equal values: `jsonb-text.ts`); read back as `unknown` and
   * decoded before use.
   */
  content: ColumnType<unknown, string, never>
  /** md5 of `content::text` (a uuid), a column the database computes: the same version is never stored twice. */
  version_hash: ColumnType<string, never, never>
  is_current: boolean
  /** `childId` or an agency identifier name (`upn`, `nhsNumber`, …). */
  subject_type: string
  subject_value: string
  /** For a current fact other than a child record: the child its subject resolves to (`null`: unmatched). */
  child_id: string | null
  ingest_run_id: string
  received_at: string
  /**
   * The plain date rules window the fact by (engine eventDate), for reading
   * only the facts in the rules' reach (storage/facts/in-reach.ts); null for
   * missing episodes and withdrawals, and null is always read.
   */
  event_date: ColumnType<string | null, string | null | undefined, never>
}

export type FactVersionRow = Selectable<FactVersionTable>
