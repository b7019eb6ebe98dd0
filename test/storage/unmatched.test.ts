import * as E from 'fp-ts/Either'
import t from 'tap'
import { ingestBatch } from '../../storage/ingest/ingest-batch'
import { countUnmatched, listUnmatched, type UnmatchedPage } from '../../storage/unmatched'
import { openTestDatabase } from '../helpers/database'
import { batchOf, missingLine } from './synthetic-facts'

t.test('unmatched facts page oldest first, without content, until the last page', async (t) => {
  const db = await openTestDatabase(t)
  for (const [day, ids] of [
    ['2024-06-01', ['M3', 'M1']],
    ['2024-06-02', ['M2', 'M4', 'M5']],
  ] as const) {
    const facts = batchOf(ids.map((sourceId) => missingLine({ sourceId, subject: { policeId: `P${sourceId}` } })))
    t.ok(E.isRight(await ingestBatch(db, facts, { receivedAt: `${day}T08:00:00.000Z` })))
  }
  t.equal(await countUnmatched(db), 5)
  const seen: string[] = []
  let cursor: string | null = null
  let pages = 0
  do {
    const page: E.Either<unknown, UnmatchedPage> = await listUnmatched(db, { limit: 2, cursor })
    if (E.isLeft(page)) throw new Error('page refused')
    for (const item of page.right.items) {
      t.same(Object.keys(item).sort(), ['identifierType', 'kind', 'receivedAt', 'source', 'sourceId'])
      t.equal(item.identifierType, 'policeId')
      seen.push(item.sourceId)
    }
    cursor = page.right.nextCursor
    pages += 1
  } while (cursor !== null)
  t.equal(pages, 3)
  t.same(seen, ['M1', 'M3', 'M2', 'M4', 'M5'])
})

t.test('a bad limit or cursor is refused as a value', async (t) => {
  const db = await openTestDatabase(t)
  t.match(await listUnmatched(db, { limit: 0 }), E.left({ field: 'limit' }))
  t.match(await listUnmatched(db, { limit: 5000 }), E.left({ field: 'limit' }))
  t.match(await listUnmatched(db, { limit: 10, cursor: 'not-a-cursor' }), E.left({ field: 'cursor' }))
})
