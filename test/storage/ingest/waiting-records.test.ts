/**
 * A child record whose claims clash waits for the end of the batch: a later
 * chunk may release what it claims (SPEC §2: the order of lines never
 * matters), and only the clashes left then refuse the batch, all of them.
 */
import * as E from 'fp-ts/Either'
import type { Kysely } from 'kysely'
import t, { type Test } from 'tap'
import type { NumberedFact } from '../../../engine/batch/decode-batch'
import type { Database } from '../../../storage/database/database'
import { chunkByFact } from '../../../storage/ingest/chunk-by-fact'
import { ingestBatch, ingestChunks, type IngestResult } from '../../../storage/ingest/ingest-batch'
import type { IngestError } from '../../../storage/ingest/ingest-error'
import { MAX_BATCH_LINES } from '../../../api/routes/facts.routes'
import { DEFAULT_WAITING_LIMIT } from '../../../storage/ingest/waiting-records'
import { openTestDatabase } from '../../helpers/database'
import { batchOf, childLine, countRows, dumpCurrentState, missingLine, upnOf } from '../synthetic-facts'

const RECEIVED = '2024-06-01T08:00:00.000Z'
const LATER = '2024-05-09T09:00:00Z'

/** The batch a line a chunk: every record meets the others in different chunks, in line order. */
const lineByLine = (facts: readonly NumberedFact[]): readonly (readonly NumberedFact[])[] => facts.map((f) => [f])

const stored = async (db: Kysely<Database>, lines: readonly Record<string, unknown>[]): Promise<void> => {
  const result = await ingestBatch(db, batchOf(lines), { receivedAt: RECEIVED })
  if (E.isLeft(result)) throw new Error(`setup refused: ${result.left.map((e) => e.message).join('; ')}`)
}

const accepted = (t: Test, result: E.Either<readonly IngestError[], IngestResult>): IngestResult | undefined => {
  if (E.isRight(result)) return result.right
  t.fail(`refused: ${result.left.map((e) => e.message).join('; ')}`)
  return undefined
}

const childOfFact = async (db: Kysely<Database>, sourceId: string): Promise<string | null | undefined> =>
  (await db.selectFrom('fact_version').select('child_id').where('source_id', '=', sourceId).where('is_current', '=', true).executeTakeFirst())
    ?.child_id

const ownersOf = async (db: Kysely<Database>, upn: string): Promise<readonly string[]> =>
  (await db.selectFrom('child_identifier').select('child_id').where('type', '=', 'upn').where('value', '=', upn).execute()).map((r) => r.child_id)

t.test('a claim meets a release in a later chunk: the batch is taken, and the facts follow the new owner', async (t) => {
  const db = await openTestDatabase(t)
  await stored(db, [childLine({ childId: 'C1', upn: upnOf(5) }), missingLine({ sourceId: 'M0', subject: { upn: upnOf(5) } })])
  const facts = batchOf([
    childLine({ childId: 'C2', upn: upnOf(5) }),
    missingLine({ sourceId: 'M1', subject: { upn: upnOf(5) } }),
    childLine({ childId: 'C1', recordedAt: LATER }),
  ])
  const result = accepted(t, await ingestChunks(db, lineByLine(facts), { receivedAt: RECEIVED }))
  t.same(result?.changedChildIds, ['C1', 'C2'])
  t.same(await ownersOf(db, upnOf(5)), ['C2'])
  t.equal(await childOfFact(db, 'M0'), 'C2', 'a fact stored before follows the identifier')
  t.equal(await childOfFact(db, 'M1'), 'C2', 'a fact of the batch, written while the record waited, too')
  t.equal(result?.counts.unmatched, 0)

  // The same batch in one chunk ends the same.
  const oneChunk = await openTestDatabase(t)
  await stored(oneChunk, [childLine({ childId: 'C1', upn: upnOf(5) }), missingLine({ sourceId: 'M0', subject: { upn: upnOf(5) } })])
  accepted(t, await ingestChunks(oneChunk, [facts], { receivedAt: RECEIVED }))
  t.same(await dumpCurrentState(db), await dumpCurrentState(oneChunk))
})

t.test('a waiting record withdrawn later in the batch is not written', async (t) => {
  const db = await openTestDatabase(t)
  await stored(db, [childLine({ childId: 'C1', upn: upnOf(6) })])
  const facts = batchOf([
    childLine({ childId: 'C2', sourceId: 'SC-X', upn: upnOf(6) }),
    childLine({ childId: 'C2', sourceId: 'SC-X', withdrawn: true, recordedAt: LATER }),
  ])
  accepted(t, await ingestChunks(db, lineByLine(facts), { receivedAt: RECEIVED }))
  t.same(await ownersOf(db, upnOf(6)), ['C1'])
  t.equal(await countRows(db, 'child'), 1)
})

t.test('a waiting record corrected later in the batch is synced as corrected', async (t) => {
  const db = await openTestDatabase(t)
  await stored(db, [childLine({ childId: 'C1', upn: upnOf(7) })])
  const facts = batchOf([
    childLine({ childId: 'C2', upn: upnOf(7) }),
    childLine({ childId: 'C2', upn: upnOf(8), recordedAt: LATER }),
  ])
  accepted(t, await ingestChunks(db, lineByLine(facts), { receivedAt: RECEIVED }))
  t.same(await ownersOf(db, upnOf(7)), ['C1'])
  t.same(await ownersOf(db, upnOf(8)), ['C2'])
})

t.test('every clash left at the end is reported, not only the first chunk’s, and nothing is written', async (t) => {
  const db = await openTestDatabase(t)
  await stored(db, [childLine({ childId: 'C1', upn: upnOf(1) }), childLine({ childId: 'C2', upn: upnOf(2) })])
  const before = await dumpCurrentState(db)
  const facts = batchOf([
    childLine({ childId: 'C3', upn: upnOf(1) }),
    missingLine({ sourceId: 'M1', subject: { childId: 'C3' } }),
    childLine({ childId: 'C4', upn: upnOf(2) }),
  ])
  const result = await ingestChunks(db, lineByLine(facts), { receivedAt: RECEIVED })
  t.match(result, E.left([
    { line: 1, sourceId: 'SC-C3', conflictingSourceId: 'SC-C1', conflictingLine: undefined },
    { line: 3, sourceId: 'SC-C4', conflictingSourceId: 'SC-C2', conflictingLine: undefined },
  ]))
  t.same(await dumpCurrentState(db), before)
})

t.test('a clash names the same two lines however the batch is chunked', async (t) => {
  // C9 holds the UPN; line 1 claims it, line 2 releases it, line 3 claims it for another child.
  const lines = [
    childLine({ childId: 'C1', upn: upnOf(3) }),
    childLine({ childId: 'C9', recordedAt: LATER }),
    childLine({ childId: 'C2', upn: upnOf(3) }),
  ]
  const errors: unknown[] = []
  for (const chunks of [(f: readonly NumberedFact[]) => [f], lineByLine, (f: readonly NumberedFact[]) => chunkByFact(f, 2)]) {
    const db = await openTestDatabase(t)
    await stored(db, [childLine({ childId: 'C9', upn: upnOf(3) })])
    const result = await ingestChunks(db, chunks(batchOf(lines)), { receivedAt: RECEIVED })
    errors.push(E.isLeft(result) ? result.left.map((e) => [e.line, e._tag === 'ClaimConflict' ? e.conflictingLine : null]) : 'taken')
  }
  t.same(errors, [[[3, 1]], [[3, 1]], [[3, 1]]])
})

t.test('at the end, an earlier line that waited is first: a later record written meanwhile is the one named', async (t) => {
  const db = await openTestDatabase(t)
  await stored(db, [childLine({ childId: 'C9', upn: upnOf(4) })])
  const facts = batchOf([
    childLine({ childId: 'C1', source: 'social_care', sourceId: 'SC-1', upn: upnOf(4) }),
    childLine({ childId: 'C1', source: 'education', sourceId: 'ED-1' }),
    childLine({ childId: 'C9', recordedAt: LATER }),
    childLine({ childId: 'C2', upn: upnOf(4) }),
  ])
  const result = await ingestChunks(db, lineByLine(facts), { receivedAt: RECEIVED })
  t.match(result, E.left([
    { line: 2, identifierType: 'childId', sourceId: 'ED-1', conflictingSourceId: 'SC-1', conflictingLine: 1 },
    { line: 4, identifierType: 'upn', sourceId: 'SC-C2', conflictingSourceId: 'SC-1', conflictingLine: 1 },
  ]))
  t.equal(E.isLeft(result) ? result.left.length : 0, 2)
  t.same(await ownersOf(db, upnOf(4)), ['C9'], 'rolled back')
})

t.test('a batch with more records waiting than allowed is refused at once, naming their clashes', async (t) => {
  const db = await openTestDatabase(t)
  await stored(db, [childLine({ childId: 'C1', upn: upnOf(1) }), childLine({ childId: 'C2', upn: upnOf(2) })])
  const facts = batchOf([childLine({ childId: 'C3', upn: upnOf(1) }), childLine({ childId: 'C4', upn: upnOf(2) }), childLine({ childId: 'C5' })])
  const result = await ingestChunks(db, lineByLine(facts), { receivedAt: RECEIVED, waitingLimit: 1 })
  t.match(result, E.left([{ line: 1, sourceId: 'SC-C3' }, { line: 2, sourceId: 'SC-C4' }]))
  t.equal(E.isLeft(result) ? result.left.length : 0, 2)
})

t.test('ingestBatch: a claim and a release in different chunks of child records, the other facts after them', async (t) => {
  const db = await openTestDatabase(t)
  await stored(db, [childLine({ childId: 'C1', upn: upnOf(9) })])
  const facts = batchOf([
    missingLine({ sourceId: 'M1', subject: { upn: upnOf(9) } }),
    childLine({ childId: 'C2', upn: upnOf(9) }),
    childLine({ childId: 'C1', recordedAt: LATER }),
  ])
  const result = accepted(t, await ingestBatch(db, facts, { receivedAt: RECEIVED, chunkSize: 1 }))
  t.same(result?.changedChildIds, ['C1', 'C2'])
  t.equal(await childOfFact(db, 'M1'), 'C2')
})

/** Each clash as "line:type:record vs line:record", for comparing refusals. */
const clashes = (result: E.Either<readonly IngestError[], IngestResult>): readonly string[] | 'taken' =>
  E.isRight(result)
    ? 'taken'
    : result.left.map((e) => (e._tag === 'ClaimConflict' ? `${e.line}:${e.identifierType}:${e.sourceId} vs ${e.conflictingLine ?? 'stored'}:${e.conflictingSourceId}` : e.message))

t.test('two waiting records claiming one value name a record written meanwhile once, as one chunk does', async (t) => {
  const lines = [
    childLine({ childId: 'A', upn: upnOf(5) }),
    childLine({ childId: 'B', upn: upnOf(5) }),
    childLine({ childId: 'X', recordedAt: LATER }),
    childLine({ childId: 'D', upn: upnOf(5) }),
  ]
  const answers: unknown[] = []
  for (const chunks of [(f: readonly NumberedFact[]) => [f], lineByLine]) {
    const db = await openTestDatabase(t)
    await stored(db, [childLine({ childId: 'X', upn: upnOf(5) })])
    answers.push(clashes(await ingestChunks(db, chunks(batchOf(lines)), { receivedAt: RECEIVED })))
  }
  t.same(answers, [
    ['2:upn:SC-B vs 1:SC-A', '4:upn:SC-D vs 1:SC-A'],
    ['2:upn:SC-B vs 1:SC-A', '4:upn:SC-D vs 1:SC-A'],
  ])
})

t.test('facts a waiting record had before the batch are not counted as linked when it is written', async (t) => {
  const lines = [childLine({ childId: 'C2', upn: upnOf(5), recordedAt: LATER }), childLine({ childId: 'C1', recordedAt: LATER })]
  const counts: unknown[] = []
  for (const chunks of [(f: readonly NumberedFact[]) => [f], lineByLine]) {
    const db = await openTestDatabase(t)
    await stored(db, [
      childLine({ childId: 'C1', upn: upnOf(5) }),
      childLine({ childId: 'C2' }),
      missingLine({ sourceId: 'M1', subject: { childId: 'C2' } }),
      missingLine({ sourceId: 'M2', subject: { upn: upnOf(5) } }),
    ])
    const result = accepted(t, await ingestChunks(db, chunks(batchOf(lines)), { receivedAt: RECEIVED }))
    counts.push({ linked: result?.counts.linked, unmatched: result?.counts.unmatched, M1: await childOfFact(db, 'M1'), M2: await childOfFact(db, 'M2') })
  }
  t.same(counts, [
    { linked: 0, unmatched: 0, M1: 'C2', M2: 'C2' },
    { linked: 0, unmatched: 0, M1: 'C2', M2: 'C2' },
  ])
})

t.test('a refusal at the limit names the clashes of the records as they wait now, not of versions replaced since', async (t) => {
  const db = await openTestDatabase(t)
  await stored(db, [childLine({ childId: 'X1', upn: upnOf(1) }), childLine({ childId: 'X2', upn: upnOf(2) }), childLine({ childId: 'X3', upn: upnOf(3) })])
  const facts = batchOf([
    childLine({ childId: 'R1', upn: upnOf(1), recordedAt: '2024-05-02T09:00:00Z' }),
    childLine({ childId: 'R1', upn: upnOf(2), recordedAt: '2024-05-03T09:00:00Z' }),
    childLine({ childId: 'R3', upn: upnOf(3) }),
  ])
  t.same(clashes(await ingestChunks(db, lineByLine(facts), { receivedAt: RECEIVED, waitingLimit: 1 })), [
    '2:upn:SC-R1 vs stored:SC-X2',
    '3:upn:SC-R3 vs stored:SC-X3',
  ])
})

t.test('no batch the API takes can have more records waiting than the limit', async (t) => {
  t.ok(DEFAULT_WAITING_LIMIT >= MAX_BATCH_LINES, `${DEFAULT_WAITING_LIMIT} >= ${MAX_BATCH_LINES}`)
})
