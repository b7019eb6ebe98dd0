/**
 * `fact_version.event_date`: the plain date a rule windows a fact by (SPEC §3
 * "Time": an attendance summary's periodEnd, an exclusion's start, …), so
 * that scoring can leave out facts older than every window its rules read
 * (storage/facts/in-reach.ts) without parsing each row's json. Written by
 * ingest from the decoded fact. NULL for missing episodes (their event date
 * is the London date of a date-time) and for withdrawals, and a NULL is
 * always read: the column can only make a read smaller, never wrong.
 *
 * Existing versions get theirs from their content, the field by kind listed
 * here as it was when this was written. Frozen in time: Kysely<any>, plain SQL.
 */
import { sql, type Kysely } from 'kysely'

const DATE_FIELDS: readonly (readonly [string, string])[] = [
  ['child', 'dateOfBirth'],
  ['care_period', 'start'],
  ['attendance', 'periodEnd'],
  ['exclusion', 'start'],
  ['education_status', 'start'],
  ['ace_indicator', 'identifiedOn'],
  ['assessment_factor', 'identifiedOn'],
  ['domestic_abuse_contact', 'occurredOn'],
  ['drug_intelligence', 'reportedOn'],
  ['youth_justice_outcome', 'occurredOn'],
]

export async function up(db: Kysely<any>): Promise<void> {
  await sql`SELECT set_config('statement_timeout', '3600s', true)`.execute(db)
  await sql`ALTER TABLE fact_version ADD COLUMN event_date date`.execute(db)
  const fields = sql.join(DATE_FIELDS.map(([kind, field]) => sql`(${kind}, ${field})`))
  // Stored contents were checked on the way in; the pattern keeps a damaged one from failing the migration (it stays NULL: read).
  await sql`
    UPDATE fact_version v SET event_date = (v.content ->> f.field)::date
    FROM (VALUES ${fields}) AS f(kind, field)
    WHERE v.kind = f.kind AND NOT v.withdrawn AND (v.content ->> f.field) ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'
  `.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE fact_version DROP COLUMN event_date`.execute(db)
}
