import * as E from 'fp-ts/Either'
import { sql } from 'kysely'
import t from 'tap'
import { MIGRATIONS } from '../../../storage/migrations/index'
import { migrateToLatest } from '../../../storage/migrations/migrate-to-latest'
import { openEmptyTestDatabase } from '../../helpers/database'

t.test('migrating twice applies every migration once, then nothing', async (t) => {
  const { db } = await openEmptyTestDatabase(t)
  const first = await migrateToLatest(db)
  t.same(first, E.right({ applied: Object.keys(MIGRATIONS) }))
  const second = await migrateToLatest(db)
  t.same(second, E.right({ applied: [] }))
  const tables = await sql<{ table_name: string }>`
    SELECT table_name FROM information_schema.tables
    WHERE table_schema = current_schema() AND table_name NOT LIKE 'kysely_%'
    ORDER BY table_name
  `.execute(db)
  t.same(
    tables.rows.map((r) => r.table_name),
    [
      'audit_event',
      'child',
      'child_identifier',
      'child_score',
      'cohort_event',
      'cohort_member',
      'fact_version',
      'flag_event',
      'flag_state',
      'ingest_run',
      'retention_run',
      'score_pending',
    ],
  )
})

t.test('migration names start with a date and sort in the order they were written', async (t) => {
  const names = Object.keys(MIGRATIONS)
  for (const name of names) t.match(name, /^\d{4}-\d{2}-\d{2}-\d{2}-[a-z0-9-]+$/)
  t.same([...names].sort(), names)
})

t.test('a failing migration is a value naming it', async (t) => {
  const { db } = await openEmptyTestDatabase(t)
  // A table in the way makes the first migration fail.
  await sql`CREATE TABLE ingest_run (id int)`.execute(db)
  const result = await migrateToLatest(db)
  t.ok(E.isLeft(result))
  if (E.isLeft(result)) {
    t.equal(result.left._tag, 'MigrationFailed')
    t.equal(result.left.migration, '2025-11-25-01-initial-schema')
    t.equal(result.left.code, '42P07')
  }
})
