/**
 * Children a batch changed are marked in the batch's own transaction and
 * cleared once scored (RELIABILITY R1, R2): a crash between the commit and
 * the end of scoring leaves them for the next pass; a mark a newer batch left
 * meanwhile survives the clearing of an older one. A store of flags handed
 * the marks clears its children's in its own transaction, and only then.
 */
import * as E from 'fp-ts/Either'
import * as O from 'fp-ts/Option'
import t from 'tap'
import { clearScorePending, MarksToClear, pendingMarks, scorePendingChildren } from '../../../storage/flags/score-pending'
import { storeEvaluations } from '../../../storage/flags/store-evaluations'
import { storedFlags } from '../../../storage/flags/stored-flags'
import { ingestBatch } from '../../../storage/ingest/ingest-batch'
import { openTestDatabase } from '../../helpers/database'
import { batchOf, childLine, missingLine } from '../synthetic-facts'
import { evaluationOf } from './evaluations'

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

const EVALUATED = { evaluatedAt: '2024-03-01T09:05:00.000Z' }

t.test('a store handed the marks clears its children\'s as it stores their flags; the pass clears the rest', async (t) => {
  const db = await openTestDatabase(t)
  await ingestBatch(db, batchOf([childLine({ childId: 'C1' }), childLine({ childId: 'C2' }), childLine({ childId: 'C3' })]), AT)
  const seen: string[][] = []
  const scored = await scorePendingChildren(db, async (ids, clearing) => {
    // C3 has nothing stored: a child whose record went away is not evaluated.
    await storeEvaluations(db, [evaluationOf('C1', '2024-03-01', ['MISSING_RECENT']), evaluationOf('C2', '2024-03-01', [])], {
      ...EVALUATED,
      clearing,
    })
    seen.push((await pendingMarks(db)).map((m) => m.childId))
    t.same(clearing.left.map((m) => m.childId), ['C3'], 'the store told the pass what it cleared')
  })
  t.same(scored, ['C1', 'C2', 'C3'])
  t.same(seen, [['C3']], 'C1 and C2 went with their flags, before the pass ended')
  t.same(await pendingMarks(db), [], 'C3 cleared by the pass')
  t.same(E.map((found: O.Option<unknown>) => O.isSome(found))(await storedFlags(db, 'C1')), E.right(true), 'C1\'s flags are stored')
})

t.test('a store that fails clears no mark; a store clears only the marks it was handed', async (t) => {
  const db = await openTestDatabase(t)
  await ingestBatch(db, batchOf([childLine({ childId: 'C1' }), childLine({ childId: 'C2' })]), AT)
  const clearing = new MarksToClear(await pendingMarks(db))
  // Not a date: the store's transaction fails part-way and rolls back.
  await t.rejects(storeEvaluations(db, [evaluationOf('C1', 'not a date', ['MISSING_RECENT'])], { ...EVALUATED, clearing }))
  t.same((await pendingMarks(db)).map((m) => m.childId), ['C1', 'C2'], 'both marks are still there')
  t.same(clearing.left.map((m) => m.childId), ['C1', 'C2'], 'and the pass still has both to clear')
  const newer = await ingestBatch(db, batchOf([missingLine({ sourceId: 'M9', subject: { childId: 'C2' } })]), AT)
  if (E.isLeft(newer)) return t.fail('the batch is refused')
  await storeEvaluations(db, [evaluationOf('C1', '2024-03-01', []), evaluationOf('C2', '2024-03-01', [])], { ...EVALUATED, clearing })
  t.same(await pendingMarks(db), [{ childId: 'C2', runId: newer.right.runId }], 'the newer mark on C2 stays for the next pass')
  t.same(clearing.left, [], 'C1\'s and the older C2 mark are cleared')
  await storeEvaluations(db, [evaluationOf('C2', '2024-03-01', [])], EVALUATED)
  t.equal((await pendingMarks(db)).length, 1, 'a store not handed the marks clears none')
})
