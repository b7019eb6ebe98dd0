/**
 * How the versions of facts already held travel to `fact_version` by
 * `INSERT … SELECT` (a fact's first versions go by COPY, `copy-new-facts.ts`).
 *
 * The versions are serialised once as one JSON array of facts zipped with
 * JSON arrays of what ingest decided for each (current or not, subject): V8
 * writes them natively and none needs per-value escaping. The server reads
 * each array as json (a cheap scan) and makes each fact jsonb on its own,
 * rather than building one jsonb of the whole chunk and copying every element
 * out of it; stored as json, a fact is jsonb's text of it (the form every
 * stored version has, `jsonb-text.ts`). The database computes each stored
 * version's hash itself (a generated column); `insertVersions` works it out
 * again to match what was stored. A current version other than a child
 * record is linked to the child whose current record has the childId or
 * identifier its subject names.
 */
import { sql } from 'kysely'
import type { FactVersion } from '../../engine/facts/fact'
import { storedEventDate } from './stored-event-date'

export interface VersionToInsert {
  readonly fact: FactVersion
  readonly current: boolean
  readonly subjectType: string
  readonly subjectValue: string
}

export interface IngestRun {
  readonly id: string
  readonly receivedAt: string
}

/** Versions ready to send: the list, and its JSON. */
export interface VersionPayload {
  readonly versions: readonly VersionToInsert[]
  readonly facts: string
  readonly current: string
  readonly subjectTypes: string
  readonly subjectValues: string
  /** Each version's `event_date` (./stored-event-date), null where it has none. */
  readonly eventDates: string
}

export const versionPayload = (versions: readonly VersionToInsert[]): VersionPayload => ({
  versions,
  facts: JSON.stringify(versions.map((v) => v.fact)),
  current: JSON.stringify(versions.map((v) => v.current)),
  subjectTypes: JSON.stringify(versions.map((v) => v.subjectType)),
  subjectValues: JSON.stringify(versions.map((v) => v.subjectValue)),
  eventDates: JSON.stringify(versions.map((v) => storedEventDate(v.fact))),
})

/** One row per version, numbered from 0 in the order given, with its link. */
export const linkedVersions = (payload: VersionPayload) => sql`
  SELECT (d.n - 1)::integer AS n, d.fact, d.current, d.fact->>'source' AS source, d.fact->>'sourceId' AS source_id,
         d.fact->>'kind' AS kind, d.subject_type, d.subject_value, d.event_date,
         CASE WHEN NOT d.current OR d.fact->>'kind' = 'child' THEN NULL
              WHEN d.subject_type = 'childId' THEN (SELECT c.child_id FROM child c WHERE c.child_id = d.subject_value)
              ELSE (SELECT i.child_id FROM child_identifier i WHERE i.type = d.subject_type AND i.value = d.subject_value)
         END AS child_id
  FROM ROWS FROM (
    json_array_elements(${payload.facts}::json),
    json_array_elements_text(${payload.current}::json),
    json_array_elements_text(${payload.subjectTypes}::json),
    json_array_elements_text(${payload.subjectValues}::json),
    json_array_elements_text(${payload.eventDates}::json)
  ) WITH ORDINALITY AS j(fact, current, subject_type, subject_value, event_date, n)
  -- OFFSET 0: each fact is made jsonb once, not once at every use.
  CROSS JOIN LATERAL (
    SELECT j.fact::jsonb AS fact, j.current::boolean AS current, j.subject_type, j.subject_value, j.event_date::date AS event_date, j.n OFFSET 0
  ) d
`

/** What a write gives; the database computes `version_hash` from `content`. */
export const VERSION_COLUMNS = sql`source, source_id, kind, recorded_at, withdrawn, content, event_date, is_current,
                                   subject_type, subject_value, child_id, ingest_run_id, received_at`

/** The values of `VERSION_COLUMNS`, selected from `linkedVersions`. */
export const versionValues = (run: IngestRun) => sql`
  source, source_id, kind, (fact->>'recordedAt')::timestamptz, coalesce((fact->>'withdrawn')::boolean, false),
  fact::json, event_date, current, subject_type, subject_value, child_id,
  ${run.id}::bigint, date_trunc('milliseconds', ${run.receivedAt}::timestamptz)
`
