import * as E from 'fp-ts/Either'
import t from 'tap'
import { streamChildIds } from '../../../storage/children/stream-child-ids'
import { ingestBatch } from '../../../storage/ingest/ingest-batch'
import { openTestDatabase } from '../../helpers/database'
import { batchOf, childLine } from '../synthetic-facts'

t.test('child ids come in pages, in code-point order, each exactly once', async (t) => {
  const db = await openTestDatabase(t)
  // Mixed case and digits: a locale collation would interleave these; code-point order does not.
  const ids = ['b2', 'B1', 'a10', 'A2', 'a9', 'Z', '_x', 'c']
  const result = await ingestBatch(db, batchOf(ids.map((childId) => childLine({ childId }))), { receivedAt: '2024-06-01T08:00:00.000Z' })
  t.ok(E.isRight(result))
  const pages: (readonly string[])[] = []
  for await (const page of streamChildIds(db, 3)) pages.push(page)
  t.same(pages.map((p) => p.length), [3, 3, 2])
  t.same(pages.flat(), [...ids].sort())
})

t.test('an empty database yields no pages; a bad page size is refused', async (t) => {
  const db = await openTestDatabase(t)
  const pages: (readonly string[])[] = []
  for await (const page of streamChildIds(db, 10)) pages.push(page)
  t.same(pages, [])
  await t.rejects(async () => {
    for await (const _ of streamChildIds(db, 0)) break
  }, RangeError)
})
