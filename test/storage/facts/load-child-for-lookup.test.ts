import * as E from 'fp-ts/Either'
import { sql } from 'kysely'
import t from 'tap'
import { loadChildFacts } from '../../../storage/facts/load-child-facts'
import { loadChildForLookup } from '../../../storage/facts/load-child-for-lookup'
import { ingestBatch } from '../../../storage/ingest/ingest-batch'
import { openTestDatabase } from '../../helpers/database'
import { batchOf, TWO_CHILDREN_LINES } from '../synthetic-facts'

const LINES = TWO_CHILDREN_LINES

const storeFlag = (ruleId: string, childId: string, since: string) => sql`
  INSERT INTO flag_state (child_id, rule_id, since, as_of, evaluated_at, rule_set_id, rule_set_version, rule_set_hash, title, category, weight, explanation, evidence)
  VALUES (${childId}, ${ruleId}, ${since}, '2024-06-01', '2024-06-01T09:00:00Z', 'default', '1', 'h', 'A title', 'missing', 1, 'why', '[]')
`

t.test("one child as loadChildFacts reads it, with when each stored flag's run began", async (t) => {
  const db = await openTestDatabase(t)
  t.ok(E.isRight(await ingestBatch(db, batchOf(LINES), { receivedAt: '2024-06-01T08:00:00.000Z' })))
  await storeFlag('MISSING_REPEAT', 'C1', '2024-05-02').execute(db)
  await storeFlag('MISSING_RECENT', 'C1', '2023-12-31').execute(db)
  await storeFlag('MISSING_RECENT', 'C2', '2024-01-01').execute(db)

  const loaded = await loadChildForLookup(db, 'C1')
  const expected = await loadChildFacts(db, ['C1'])
  t.ok(E.isRight(loaded) && E.isRight(expected))
  if (E.isLeft(loaded) || E.isLeft(expected)) return
  t.same(loaded.right?.child, expected.right[0], 'the same record and facts')
  t.same(
    [...(loaded.right?.flagSince ?? [])].sort(),
    [
      ['MISSING_RECENT', '2023-12-31'],
      ['MISSING_REPEAT', '2024-05-02'],
    ],
    "its own flags' runs, dates as stored",
  )
  const unscored = await loadChildForLookup(db, 'C2')
  t.same(E.map((c: { flagSince: ReadonlyMap<string, string> } | undefined) => c?.flagSince.size)(unscored), E.right(1))
})

t.test('a child without stored flags has no runs; an unknown child is undefined', async (t) => {
  const db = await openTestDatabase(t)
  t.ok(E.isRight(await ingestBatch(db, batchOf(LINES), { receivedAt: '2024-06-01T08:00:00.000Z' })))
  const c2 = await loadChildForLookup(db, 'C2')
  t.ok(E.isRight(c2))
  if (E.isRight(c2)) {
    t.equal(c2.right?.child.child.childId, 'C2')
    t.same(c2.right?.flagSince, new Map())
  }
  t.same(await loadChildForLookup(db, 'C404'), E.right(undefined))
})

t.test('a stored fact that does not decode is reported by table and key, without its content', async (t) => {
  const db = await openTestDatabase(t)
  t.ok(E.isRight(await ingestBatch(db, batchOf(LINES), { receivedAt: '2024-06-01T08:00:00.000Z' })))
  await sql`UPDATE fact_version SET content = (content::jsonb || '{"kind":"rumour"}'::jsonb)::json WHERE source_id = 'M2'`.execute(db)
  t.same(
    await loadChildForLookup(db, 'C1'),
    E.left([{ _tag: 'StoredRowInvalid', table: 'fact_version', key: 'police/M2', problems: ['kind: expected a fact kind'] }]),
  )
})

t.test('the same answers when the statement has been prepared and reused on a connection', async (t) => {
  const db = await openTestDatabase(t)
  t.ok(E.isRight(await ingestBatch(db, batchOf(LINES), { receivedAt: '2024-06-01T08:00:00.000Z' })))
  await storeFlag('MISSING_REPEAT', 'C1', '2024-05-02').execute(db)
  const first = await loadChildForLookup(db, 'C1')
  // PostgreSQL plans a prepared statement afresh five times before it may keep a generic plan.
  const answers = await db.connection().execute(async (conn) => {
    const all = []
    for (let i = 0; i < 8; i++) all.push(await loadChildForLookup(conn, i % 2 === 0 ? 'C1' : 'C404'))
    return all
  })
  t.same(answers.filter((_, i) => i % 2 === 0), Array(4).fill(first))
  t.same(answers.filter((_, i) => i % 2 === 1), Array(4).fill(E.right(undefined)))
})
