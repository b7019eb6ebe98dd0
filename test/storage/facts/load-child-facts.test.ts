import * as E from 'fp-ts/Either'
import { sql } from 'kysely'
import t from 'tap'
import { loadChildFacts } from '../../../storage/facts/load-child-facts'
import { ingestBatch } from '../../../storage/ingest/ingest-batch'
import { openTestDatabase } from '../../helpers/database'
import { batchOf, TWO_CHILDREN_LINES } from '../synthetic-facts'

const LINES = TWO_CHILDREN_LINES

t.test('each child with its record and the facts that count, as decoded on the way in', async (t) => {
  const db = await openTestDatabase(t)
  const batch = batchOf(LINES)
  t.ok(E.isRight(await ingestBatch(db, batch, { receivedAt: '2024-06-01T08:00:00.000Z' })))
  const loaded = await loadChildFacts(db, ['C2', 'C1', 'C404'])
  t.ok(E.isRight(loaded))
  if (E.isLeft(loaded)) return
  t.same(
    loaded.right.map((c) => c.child.childId),
    ['C2', 'C1'],
    'in the order asked, without unknown children',
  )
  const c1 = loaded.right[1]
  t.same(c1?.child, batch[0]?.fact, 'the record round-trips exactly')
  t.same(c1?.facts, [batch[2]?.fact, batch[3]?.fact], 'withdrawn facts are left out')
  t.same(loaded.right[0]?.facts, [])
})

t.test('a stored fact that does not decode is reported by table and key, without its content', async (t) => {
  const db = await openTestDatabase(t)
  t.ok(E.isRight(await ingestBatch(db, batchOf(LINES), { receivedAt: '2024-06-01T08:00:00.000Z' })))
  await sql`UPDATE fact_version SET content = (content::jsonb || '{"kind":"rumour"}'::jsonb)::json WHERE source_id = 'M2'`.execute(db)
  const loaded = await loadChildFacts(db, ['C1'])
  t.same(loaded, E.left([{ _tag: 'StoredRowInvalid', table: 'fact_version', key: 'police/M2', problems: ['kind: expected a fact kind'] }]))
})

t.test('each child once, whatever the list repeats', async (t) => {
  const db = await openTestDatabase(t)
  t.ok(E.isRight(await ingestBatch(db, batchOf(LINES), { receivedAt: '2024-06-01T08:00:00.000Z' })))
  const loaded = await loadChildFacts(db, ['C1', 'C2', 'C1'])
  t.same(E.map((children: readonly { child: { childId: string } }[]) => children.map((c) => c.child.childId))(loaded), E.right(['C1', 'C2']))
  t.same(await loadChildFacts(db, []), E.right([]))
})
