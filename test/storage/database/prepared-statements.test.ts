import { sql } from 'kysely'
import t from 'tap'
import { PREPARED, PREPARE_MARK, preparedName } from '../../../storage/database/prepared-statements'
import { openTestDatabase, testDatabaseUrl } from '../../helpers/database'

t.test('a statement is named by its text', async (t) => {
  t.equal(preparedName('SELECT 1'), preparedName('SELECT 1'))
  t.not(preparedName('SELECT 1'), preparedName('SELECT 2'))
  t.match(preparedName('SELECT 1'), /^ew_[0-9a-f]{24}$/, 'a valid identifier, short of the 63-byte limit')
})

t.test('a marked statement answers as an unmarked one, with its parameters bound', async (t) => {
  const db = await openTestDatabase(t)
  const { rows } = await sql<{ n: number; s: string }>`${PREPARED}SELECT ${41}::int + 1 AS n, ${"it's"}::text AS s`.execute(db)
  t.same(rows, [{ n: 42, s: "it's" }])
})

t.test('on PostgreSQL a marked statement is prepared once per connection, an unmarked one never', { skip: testDatabaseUrl() === undefined ? 'PGlite has no connections to prepare on' : false }, async (t) => {
  const db = await openTestDatabase(t)
  const marked = (n: number) => sql<{ n: number }>`${PREPARED}SELECT ${n}::int AS n`
  const names = await db.connection().execute(async (conn) => {
    for (let n = 0; n < 3; n++) t.same((await marked(n).execute(conn)).rows, [{ n }])
    await sql`SELECT ${7}::int AS n`.execute(conn)
    const { rows } = await sql<{ name: string; statement: string }>`SELECT name, statement FROM pg_prepared_statements`.execute(conn)
    return rows
  })
  t.equal(names.length, 1, 'one statement, prepared once for three calls')
  t.ok(names[0]?.statement.startsWith(PREPARE_MARK), 'the marked one')
  t.equal(names[0]?.name, preparedName(names[0]?.statement ?? ''))
})
