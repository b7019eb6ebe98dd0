/**
 * Children a batch changed are marked in the batch's own transaction and
 * cleared once scored (RELIABILITY R1, R2): a crash between the commit and
 * the end of scoring leaves them for the next pass; a mark a newer batch left
 * meanwhile survives the clearing of an older one.
 */
import * as E from 'fp-ts/Either'
import t from 'tap'
import { clearScorePending, pendingMarks, scorePendingChildren } from '../../../storage/flags/score-pending'
import { ingestBatch } from '../../../storage/ingest/ingest-batch'
import { openTestDatabase } from '../../helpers/database'
import { batchOf, childLine, missingLine } from '../synthetic-facts'

const AT = { receivedAt: '2024-03-01T09:00:00.000Z' }

t.test('a batch marks the children it changed; an unchanged re-send marks nothing more', async (t) => {
  const db = await openTestDatabase(t)
  const batch = batchOf([childLine({ childId: 'C1' }), childLine({ childId: 'C2' }), missingLine({ sourceId: 'M1', subject: { childId: 'C1' } })])
  const first = await ingestBatch(db, batch, AT)
  if (E.isLeft(first)) return t.fail('the batch is refused')
  t.same(await pendingMarks(db), [
    { childId: 'C1', runId: first.right.runId },
    { childId: 'C2', runId: first.right.runId },
  ])
  await ingestBatch(db, batch, AT)
  t.same((await pendingMarks(db)).map((m) => m.runId), [first.right.runId, first.right.runId], 'the marks of the first run stay')
})

t.test('scoring clears what it read; a failure clears nothing', async (t) => {
  const db = await openTestDatabase(t)
  await ingestBatch(db, batchOf([childLine({ childId: 'C1' }), childLine({ childId: 'C2' })]), AT)
  await t.rejects(scorePendingChildren(db, async () => Promise.reject(new Error('killed'))))
  t.equal((await pendingMarks(db)).length, 2, 'both children are still to score')
  const scored: string[][] = []
  t.same(await scorePendingChildren(db, async (ids) => void scored.push([...ids])), ['C1', 'C2'])
  t.same(scored, [['C1', 'C2']])
  t.same(await pendingMarks(db), [], 'nothing left')
  t.same(await scorePendingChildren(db, async () => t.fail('nothing to score')), [])
})

t.test('a newer mark on the same child survives clearing the older one', async (t) => {
  const db = await openTestDatabase(t)
  await ingestBatch(db, batchOf([childLine({ childId: 'C1' })]), AT)
  const read = await pendingMarks(db)
  const newer = await ingestBatch(db, batchOf([missingLine({ sourceId: 'M9', subject: { childId: 'C1' } })]), AT)
  if (E.isLeft(newer)) return t.fail('the batch is refused')
  await clearScorePending(db, read)
  t.same(await pendingMarks(db), [{ childId: 'C1', runId: newer.right.runId }])
})
