import { sql } from 'kysely'
import t from 'tap'
import { COPY_NULL, CopyPieces, copyField, copyFromStdin } from '../../../storage/database/copy-from-stdin'
import { openEmptyTestDatabase } from '../../helpers/database'

const AWKWARD = ['plain', 'tab\there', 'line\nbreak', 'carriage\rreturn', 'back\\slash', '\\N', '', 'ünïcödé ✓ 𝄞', '\\\t\n\r']

t.test('a field escapes what COPY text format reads specially, and only that', async (t) => {
  t.equal(copyField('plain'), 'plain')
  t.equal(copyField('a\tb\nc\rd\\e'), 'a\\tb\\nc\\rd\\\\e')
  t.equal(copyField('\\N'), '\\\\N', 'a value that spells null stays a value')
})

t.test('rows copied in a transaction come back as they were sent, nulls included', async (t) => {
  const { db } = await openEmptyTestDatabase(t)
  await sql`CREATE TABLE copy_probe (n integer NOT NULL, s text, j jsonb)`.execute(db)
  const pieces = new CopyPieces()
  for (const [n, s] of AWKWARD.entries()) pieces.add(`${n}\t${copyField(s)}\t${copyField(JSON.stringify({ s }))}\n`)
  pieces.add(`99\t${COPY_NULL}\t${COPY_NULL}\n`)
  await db.transaction().execute((trx) => copyFromStdin(trx, 'COPY copy_probe (n, s, j) FROM STDIN', pieces.done()))
  const { rows: stored } = await sql<{ n: number; s: string | null; j: unknown }>`SELECT n, s, j FROM copy_probe ORDER BY n`.execute(db)
  t.same(stored, [...AWKWARD.map((s, n) => ({ n, s, j: { s } })), { n: 99, s: null, j: null }])
})

t.test('a copy is part of its transaction: rolled back with it', async (t) => {
  const { db } = await openEmptyTestDatabase(t)
  await sql`CREATE TABLE copy_probe (n integer NOT NULL)`.execute(db)
  await t.rejects(
    db.transaction().execute(async (trx) => {
      await copyFromStdin(trx, 'COPY copy_probe (n) FROM STDIN', ['1\n2\n'])
      throw new Error('changed my mind')
    }),
    /changed my mind/,
  )
  const { rows } = await sql<{ count: string }>`SELECT count(*)::text AS count FROM copy_probe`.execute(db)
  t.same(rows, [{ count: '0' }])
})

t.test('a row the database refuses fails the copy with its error, stores nothing, and the connection goes on', async (t) => {
  const { db } = await openEmptyTestDatabase(t)
  await sql`CREATE TABLE copy_probe (n integer NOT NULL, j jsonb NOT NULL)`.execute(db)
  const failed = db
    .transaction()
    .execute((trx) => copyFromStdin(trx, 'COPY copy_probe (n, j) FROM STDIN', ['1\t{"ok": true}\n', '2\t{not json\n']))
  await t.rejects(failed, { code: '22P02' }, 'invalid input syntax, as an INSERT would say')
  // Every pooled connection (PGlite has one) still answers, and nothing was stored.
  for (let i = 0; i < 3; i++) {
    const { rows } = await sql<{ count: string }>`SELECT count(*)::text AS count FROM copy_probe`.execute(db)
    t.same(rows, [{ count: '0' }])
  }
  await db.transaction().execute((trx) => copyFromStdin(trx, 'COPY copy_probe (n, j) FROM STDIN', ['3\t[]\n']))
  const { rows } = await sql<{ n: number }>`SELECT n FROM copy_probe`.execute(db)
  t.same(rows, [{ n: 3 }], 'the next copy works')
})

t.test('lines gather into pieces of about 32K characters, each of whole lines', async (t) => {
  const pieces = new CopyPieces()
  const line = `${'x'.repeat(999)}\n`
  for (let i = 0; i < 100; i++) pieces.add(line)
  const done = pieces.done()
  t.equal(done.join(''), line.repeat(100), 'nothing lost, nothing reordered')
  t.equal(done.length, 4)
  for (const piece of done) t.ok(piece.length <= 33 * 1000 && piece.endsWith('\n'))
  t.same(new CopyPieces().done(), [], 'no lines, no pieces')
})

t.test('only a lone COPY … FROM STDIN is sent as a copy', async (t) => {
  const { db } = await openEmptyTestDatabase(t)
  await t.rejects(copyFromStdin(db, 'DELETE FROM child', []), /COPY … FROM STDIN, alone/)
  await t.rejects(copyFromStdin(db, 'COPY a FROM STDIN; DROP TABLE b', []), /COPY … FROM STDIN, alone/)
})
