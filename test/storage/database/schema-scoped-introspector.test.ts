import { Client } from 'pg'
import { PostgresIntrospector, sql, type Kysely } from 'kysely'
import t from 'tap'
import { openEmptyTestDatabase, openTestDatabase, testDatabaseUrl } from '../../helpers/database'
import { SchemaScopedIntrospector } from '../../../storage/database/schema-scoped-introspector'

const currentSchema = async (db: Kysely<any>): Promise<string> =>
  (await sql<{ s: string }>`SELECT current_schema() AS s`.execute(db)).rows[0]?.s ?? ''

t.test("lists the migrated schema's tables and columns as kysely's own introspector does", async (t) => {
  const db = await openTestDatabase(t)
  const schema = await currentSchema(db)
  for (const withInternalKyselyTables of [false, true]) {
    const ours = await new SchemaScopedIntrospector(db).getTables({ withInternalKyselyTables })
    const kysely = (await new PostgresIntrospector(db).getTables({ withInternalKyselyTables })).filter((table) => table.schema === schema)
    t.ok(ours.some((table) => table.name === 'fact_version'), 'fact_version is listed')
    t.equal(ours.some((table) => table.name === 'kysely_migration'), withInternalKyselyTables, "kysely's own tables only when asked")
    t.same(ours, kysely, `the same tables and columns (withInternalKyselyTables: ${withInternalKyselyTables})`)
  }
  const factVersion = (await db.introspection.getTables()).find((table) => table.name === 'fact_version')
  const column = (name: string) => factVersion?.columns.find((c) => c.name === name)
  t.match(column('id'), { isAutoIncrementing: true, isNullable: false }, 'an identity column auto-increments')
  t.match(column('child_id'), { isAutoIncrementing: false, isNullable: true, dataType: 'text' })
  t.same(await db.introspection.getMetadata(), { tables: await db.introspection.getTables() }, 'the metadata is the tables')
})

t.test('lists no table of another schema, and every schema by name', async (t) => {
  const mine = (await openEmptyTestDatabase(t)).db
  const other = (await openEmptyTestDatabase(t)).db
  await sql`CREATE TABLE elsewhere (id serial PRIMARY KEY)`.execute(other)
  await sql`CREATE VIEW here AS SELECT 1 AS one`.execute(mine)
  t.same(
    await mine.introspection.getTables(),
    [{ name: 'here', isView: true, schema: await currentSchema(mine), columns: [{ name: 'one', dataType: 'int4', dataTypeSchema: 'pg_catalog', isNullable: true, hasDefaultValue: false, isAutoIncrementing: false, comment: undefined }] }],
  )
  const names = (await mine.introspection.getSchemas()).map((s) => s.name)
  t.ok(names.includes(await currentSchema(mine)) && names.includes(await currentSchema(other)), 'both schemas are listed')
  const elsewhere = (await other.introspection.getTables())[0]
  t.match(elsewhere, { name: 'elsewhere', isView: false }, 'the other schema sees its own table')
  t.match(elsewhere?.columns[0], { name: 'id', isAutoIncrementing: true, hasDefaultValue: true }, 'a serial column auto-increments')
})

// Kysely's own introspector failed 28 of 300 calls here (schema "…" does not exist).
t.test('another session creating and dropping a schema meanwhile fails no call', { skip: testDatabaseUrl() === undefined && 'needs DATABASE_URL: PGlite is one session' }, async (t) => {
  const db = await openTestDatabase(t)
  const churned = `churn_${(await currentSchema(db)).slice(-12)}`
  const tables = Array.from({ length: 15 }, (_, k) => `CREATE TABLE ${churned}.t${k} (id serial, a text, b text, c int, d date, e bigint)`)
  const churn = new Client({ connectionString: testDatabaseUrl() })
  await churn.connect()
  t.teardown(() => churn.end())
  let stop = false
  let cycles = 0
  const churning = (async () => {
    while (!stop) {
      await churn.query(`CREATE SCHEMA ${churned}; ${tables.join('; ')}`)
      await churn.query(`DROP SCHEMA ${churned} CASCADE`)
      cycles += 1
    }
  })()
  const failures: string[] = []
  try {
    for (let i = 0; i < 300; i += 1) {
      await db.introspection.getTables().catch((error: unknown) => failures.push(String(error)))
    }
  } finally {
    stop = true
    await churning
  }
  t.ok(cycles > 0, `the other schema came and went (${cycles} times)`)
  t.same(failures, [], 'no call failed')
})
