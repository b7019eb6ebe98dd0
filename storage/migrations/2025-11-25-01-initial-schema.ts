/**
 * The first schema. Frozen: later changes are new migrations, never edits.
 *
 * Child ids use the "C" collation everywhere, so ordering by child id is the
 * plain code-point order SPEC §5 asks for and keyset paging agrees with it on
 * every server, whatever its locale.
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('ingest_run')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('finished_at', 'timestamptz')
    .addColumn('label', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status IN ('running', 'completed')`))
    .addColumn('counts', 'jsonb')
    .execute()

  // Every version of every fact, the current one of each (source, sourceId)
  // flagged. One table rather than history plus a current-pointer table:
  // a batch of a million facts writes a million rows once, and reading a
  // child's facts needs no join. Text keys use the "C" collation: byte
  // comparison keeps the big indexes cheap to build.
  await db.schema
    .createTable('fact_version')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('source', sql`text COLLATE "C"`, (c) => c.notNull())
    .addColumn('source_id', sql`text COLLATE "C"`, (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .addColumn('withdrawn', 'boolean', (c) => c.notNull())
    .addColumn('content', 'jsonb', (c) => c.notNull())
    // md5 of `content::text`, written by ingest in the same statement as the
    // content: jsonb's text form is the same for equal JSON values, so equal
    // versions of a fact get equal hashes.
    .addColumn('version_hash', 'uuid', (c) => c.notNull())
    .addColumn('is_current', 'boolean', (c) => c.notNull())
    .addColumn('subject_type', sql`text COLLATE "C"`, (c) => c.notNull())
    .addColumn('subject_value', sql`text COLLATE "C"`, (c) => c.notNull())
    // The child a current fact's subject resolves to (null: unmatched; always null for child records).
    .addColumn('child_id', sql`text COLLATE "C"`)
    // No foreign key: ingest writes the run and its versions in one
    // transaction, and a per-row check would cost more than the insert.
    .addColumn('ingest_run_id', 'bigint', (c) => c.notNull())
    .addColumn('received_at', 'timestamptz', (c) => c.notNull())
    // One index finds a fact's versions, finds its current one, and refuses
    // to store the same version twice (re-sends, concurrent deliveries).
    .addUniqueConstraint('fact_version_key_hash_unique', ['source', 'source_id', 'version_hash'])
    .execute()
  // "All current facts of kind K" is an index lookup.
  await sql`CREATE INDEX fact_version_kind_idx ON fact_version (kind) WHERE is_current`.execute(db)
  // Which current facts name this childId or identifier: for linking, and
  // for "current facts of child X" (the facts naming its childId or one of
  // its identifiers), so no index on child_id has to be kept up on ingest.
  await sql`
    CREATE INDEX fact_version_subject_idx ON fact_version (subject_type, subject_value)
    WHERE is_current AND kind <> 'child'
  `.execute(db)
  await sql`
    CREATE INDEX fact_version_unmatched_idx ON fact_version (received_at, source, source_id)
    WHERE is_current AND child_id IS NULL AND kind <> 'child' AND NOT withdrawn
  `.execute(db)

  await db.schema
    .createTable('child')
    .addColumn('child_id', sql`text COLLATE "C"`, (c) => c.primaryKey())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('version_id', 'bigint', (c) => c.notNull())
    .addColumn('date_of_birth', 'date', (c) => c.notNull())
    .addColumn('sex', 'text', (c) => c.notNull())
    .addColumn('locality', 'text', (c) => c.notNull())
    .addColumn('ethnicity', 'text')
    .addColumn('given_name', 'text')
    .addColumn('family_name', 'text')
    .addUniqueConstraint('child_record_unique', ['source', 'source_id'])
    .execute()
  await db.schema.createIndex('child_family_name_dob_idx').on('child').columns(['family_name', 'date_of_birth']).execute()
  await db.schema.createIndex('child_locality_idx').on('child').column('locality').execute()

  await db.schema
    .createTable('child_identifier')
    .addColumn('type', sql`text COLLATE "C"`, (c) => c.notNull())
    .addColumn('value', sql`text COLLATE "C"`, (c) => c.notNull())
    .addColumn('child_id', sql`text COLLATE "C"`, (c) => c.notNull().references('child.child_id').onDelete('cascade'))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('child_identifier_pkey', ['type', 'value'])
    .execute()
  await db.schema.createIndex('child_identifier_child_idx').on('child_identifier').column('child_id').execute()

  await db.schema
    .createTable('flag_state')
    .addColumn('child_id', sql`text COLLATE "C"`, (c) => c.notNull())
    .addColumn('rule_id', 'text', (c) => c.notNull())
    .addColumn('since', 'date', (c) => c.notNull())
    .addColumn('as_of', 'date', (c) => c.notNull())
    .addColumn('evaluated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('rule_set_id', 'text', (c) => c.notNull())
    .addColumn('rule_set_version', 'text', (c) => c.notNull())
    .addColumn('rule_set_hash', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('weight', 'integer', (c) => c.notNull())
    .addColumn('explanation', 'text', (c) => c.notNull())
    .addColumn('evidence', 'jsonb', (c) => c.notNull())
    .addPrimaryKeyConstraint('flag_state_pkey', ['child_id', 'rule_id'])
    .execute()
  await db.schema.createIndex('flag_state_rule_idx').on('flag_state').columns(['rule_id', 'child_id']).execute()

  await db.schema
    .createTable('flag_event')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('child_id', sql`text COLLATE "C"`, (c) => c.notNull())
    .addColumn('rule_id', 'text', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull().check(sql`event IN ('raised', 'cleared')`))
    .addColumn('on_date', 'date', (c) => c.notNull())
    .addColumn('evaluated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('rule_set_id', 'text', (c) => c.notNull())
    .addColumn('rule_set_version', 'text', (c) => c.notNull())
    .addColumn('rule_set_hash', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('flag_event_child_idx').on('flag_event').columns(['child_id', 'rule_id', 'evaluated_at']).execute()
  await db.schema.createIndex('flag_event_on_date_idx').on('flag_event').columns(['on_date', 'child_id']).execute()

  await db.schema
    .createTable('child_score')
    .addColumn('child_id', sql`text COLLATE "C"`, (c) => c.primaryKey())
    .addColumn('as_of', 'date', (c) => c.notNull())
    .addColumn('evaluated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('score', 'integer', (c) => c.notNull())
    .addColumn('tier', 'text', (c) => c.notNull().check(sql`tier IN ('high', 'medium', 'low', 'none')`))
    .addColumn('rule_set_id', 'text', (c) => c.notNull())
    .addColumn('rule_set_version', 'text', (c) => c.notNull())
    .addColumn('rule_set_hash', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('cohort_member')
    .addColumn('cohort', 'text', (c) => c.notNull())
    .addColumn('child_id', sql`text COLLATE "C"`, (c) => c.notNull())
    .addColumn('since', 'date', (c) => c.notNull())
    .addPrimaryKeyConstraint('cohort_member_pkey', ['cohort', 'child_id'])
    .execute()

  await db.schema
    .createTable('cohort_event')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('cohort', 'text', (c) => c.notNull())
    .addColumn('child_id', sql`text COLLATE "C"`, (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull().check(sql`event IN ('entered', 'left')`))
    .addColumn('on_date', 'date', (c) => c.notNull())
    .addColumn('evaluated_at', 'timestamptz', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('cohort_event_cohort_idx').on('cohort_event').columns(['cohort', 'on_date']).execute()

  await db.schema
    .createTable('audit_event')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`clock_timestamp()`))
    .addColumn('sub', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('route', 'text', (c) => c.notNull())
    .addColumn('child_ids', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text')
    .addColumn('request_id', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('audit_event_at_idx').on('audit_event').column('at').execute()
  await db.schema.createIndex('audit_event_sub_idx').on('audit_event').columns(['sub', 'at']).execute()
  // "Who viewed child X" (RELIABILITY L5).
  await sql`CREATE INDEX audit_event_child_ids_idx ON audit_event USING gin (child_ids)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'audit_event',
    'cohort_event',
    'cohort_member',
    'child_score',
    'flag_event',
    'flag_state',
    'child_identifier',
    'child',
    'fact_version',
    'ingest_run',
  ]) {
    await db.schema.dropTable(table).execute()
  }
}
