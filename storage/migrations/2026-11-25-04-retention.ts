/**
 * The record of each retention run (RELIABILITY P3: "the job's outcome is
 * recorded"; DPA 2018 s62 lists erasure among the operations to log). A row
 * holds counts only, never what was erased (ICO: erasure logs hold no erased
 * content): the as-of date, the periods in force, rows deleted per table and
 * facts per kind and reason, and how many children were scored again.
 * Written in the erasing transaction (`erased`), then `completed` once the
 * children who lost facts have been scored again.
 * Frozen in time: Kysely<any>, plain SQL.
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('retention_run')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('finished_at', 'timestamptz')
    .addColumn('as_of', 'date', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status IN ('erased', 'completed')`))
    .addColumn('policy', 'jsonb', (c) => c.notNull())
    .addColumn('counts', 'jsonb', (c) => c.notNull())
    .addColumn('rescored', 'integer')
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('retention_run').execute()
}
