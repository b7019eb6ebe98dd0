import * as E from 'fp-ts/Either'
import { sql, type Kysely } from 'kysely'
import t from 'tap'
import type { NumberedFact } from '../../../engine/batch/decode-batch'
import type { Database } from '../../../storage/database/database'
import { loadChildFacts } from '../../../storage/facts/load-child-facts'
import { pendingMarks } from '../../../storage/flags/score-pending'
import { ingestBatch, ingestChunks, type IngestResult } from '../../../storage/ingest/ingest-batch'
import type { IngestError } from '../../../storage/ingest/ingest-error'
import { listUnmatched } from '../../../storage/unmatched'
import { openTestDatabase } from '../../helpers/database'
import { batchOf, childLine, countRows, dumpCurrentState, missingLine, upnOf } from '../synthetic-facts'

const RECEIVED = '2024-06-01T08:00:00.000Z'

const ingest = async (db: Kysely<Database>, facts: readonly NumberedFact[], receivedAt = RECEIVED): Promise<IngestResult> => {
  const result = await ingestBatch(db, facts, { receivedAt, label: 'test' })
  if (E.isLeft(result)) throw new Error(`unexpected refusal: ${result.left.map((e) => e.message).join('; ')}`)
  return result.right
}

const refusal = async (db: Kysely<Database>, facts: readonly NumberedFact[]): Promise<readonly IngestError[]> => {
  const result = await ingestBatch(db, facts, { receivedAt: RECEIVED })
  if (E.isRight(result)) throw new Error('expected the batch to be refused')
  return result.left
}

const linkedChildOf = async (db: Kysely<Database>, sourceId: string): Promise<string | null | undefined> => {
  const row = await db
    .selectFrom('fact_version')
    .select('child_id')
    .where('source_id', '=', sourceId)
    .where('is_current', '=', true)
    .executeTakeFirst()
  return row?.child_id
}

const currentContent = async (db: Kysely<Database>, sourceId: string): Promise<unknown> => {
  const { rows } = await sql<{ content: unknown }>`
    SELECT content FROM fact_version WHERE is_current AND source_id = ${sourceId}
  `.execute(db)
  return rows[0]?.content
}

t.test('counts inserted, corrected, unchanged and withdrawn lines', async (t) => {
  const db = await openTestDatabase(t)
  const first = await ingest(
    db,
    batchOf([
      childLine({ childId: 'C1' }),
      missingLine({ sourceId: 'M1', subject: { childId: 'C1' } }),
      missingLine({ sourceId: 'M2', subject: { childId: 'C1' } }),
    ]),
  )
  t.same(first.counts, { inserted: 3, corrected: 0, unchanged: 0, withdrawn: 0, superseded: 0, unmatched: 0, linked: 0 })
  t.same(first.changedChildIds, ['C1'])

  const second = await ingest(
    db,
    batchOf([
      childLine({ childId: 'C1' }),
      missingLine({ sourceId: 'M1', subject: { childId: 'C1' }, end: '2024-04-21T10:00:00Z', recordedAt: '2024-05-03T09:00:00Z' }),
      missingLine({ sourceId: 'M2', subject: { childId: 'C1' }, withdrawn: true, recordedAt: '2024-05-03T09:00:00Z' }),
      missingLine({ sourceId: 'M3', subject: { childId: 'C1' } }),
    ]),
  )
  t.same(second.counts, { inserted: 1, corrected: 1, unchanged: 1, withdrawn: 1, superseded: 0, unmatched: 0, linked: 0 })
  t.same(second.changedChildIds, ['C1'])
  t.equal(await countRows(db, 'fact_version'), 6, 'the corrected and withdrawn versions are kept in history')

  const loaded = await loadChildFacts(db, ['C1'])
  t.ok(E.isRight(loaded))
  if (E.isRight(loaded)) {
    t.same(
      loaded.right[0]?.facts.map((f) => f.sourceId),
      ['M1', 'M3'],
      'the withdrawn fact no longer counts',
    )
  }
})

t.test('a version older than the current one is kept in history but does not become current', async (t) => {
  const db = await openTestDatabase(t)
  const newer = missingLine({ sourceId: 'M1', subject: { childId: 'C1' }, end: '2024-04-22T10:00:00Z', recordedAt: '2024-05-05T09:00:00Z' })
  const older = missingLine({ sourceId: 'M1', subject: { childId: 'C1' }, recordedAt: '2024-05-02T09:00:00Z' })
  await ingest(db, batchOf([childLine({ childId: 'C1' }), newer]))
  const late = await ingest(db, batchOf([older]))
  t.equal(late.counts.superseded, 1)
  t.same(late.changedChildIds, [], 'nothing current changed, so nobody needs scoring')
  t.equal(await countRows(db, 'fact_version'), 3)
  t.match(await currentContent(db, 'M1'), { end: '2024-04-22T10:00:00Z', recordedAt: '2024-05-05T09:00:00Z' })

  const again = await ingest(db, batchOf([older]))
  t.equal(again.counts.unchanged, 1, 'the same old version sent again is already in history')
  t.equal(await countRows(db, 'fact_version'), 3)
})

t.test('inside one batch, the latest version wins whatever the line order', async (t) => {
  const db = await openTestDatabase(t)
  const result = await ingest(
    db,
    batchOf([
      missingLine({ sourceId: 'M1', subject: { childId: 'C1' }, end: '2024-04-22T10:00:00Z', recordedAt: '2024-05-05T09:00:00Z' }),
      missingLine({ sourceId: 'M1', subject: { childId: 'C1' }, recordedAt: '2024-05-02T09:00:00Z' }),
      missingLine({ sourceId: 'M1', subject: { childId: 'C1' }, recordedAt: '2024-05-02T09:00:00Z' }),
    ]),
  )
  t.same(result.counts, { inserted: 1, corrected: 1, unchanged: 1, withdrawn: 0, superseded: 0, unmatched: 1, linked: 0 })
  t.match(await currentContent(db, 'M1'), { end: '2024-04-22T10:00:00Z' })
})

t.test('re-ingesting the same batch changes nothing and counts every line unchanged', async (t) => {
  const db = await openTestDatabase(t)
  const lines = [
    childLine({ childId: 'C1', upn: upnOf(1) }),
    childLine({ childId: 'C2' }),
    missingLine({ sourceId: 'M1', subject: { upn: upnOf(1) } }),
    missingLine({ sourceId: 'M2', subject: { childId: 'C2' }, recordedAt: '2024-05-02T09:00:00Z' }),
    missingLine({ sourceId: 'M2', subject: { childId: 'C2' }, end: '2024-04-21T00:00:00Z', recordedAt: '2024-05-04T09:00:00Z' }),
    missingLine({ sourceId: 'M3', subject: { childId: 'C9' } }),
  ]
  await ingest(db, batchOf(lines))
  const before = await dumpCurrentState(db)
  const versions = await countRows(db, 'fact_version')
  const again = await ingest(db, batchOf(lines), '2024-06-02T08:00:00.000Z')
  t.same(again.counts, { inserted: 0, corrected: 0, unchanged: 6, withdrawn: 0, superseded: 0, unmatched: 1, linked: 0 })
  t.same(again.changedChildIds, [])
  t.same(await dumpCurrentState(db), before)
  t.equal(await countRows(db, 'fact_version'), versions)
})

t.test('a batch whose child record claims another child’s identifier writes nothing and names both records', async (t) => {
  const db = await openTestDatabase(t)
  await ingest(db, batchOf([childLine({ childId: 'C1', upn: upnOf(7) })]))
  const before = await dumpCurrentState(db)
  const runs = await countRows(db, 'ingest_run')
  const errors = await refusal(
    db,
    batchOf([
      missingLine({ sourceId: 'M1', subject: { childId: 'C1' } }),
      childLine({ childId: 'C2', source: 'education', sourceId: 'ED-2', upn: upnOf(7) }),
    ]),
  )
  t.same(errors, [
    {
      _tag: 'ClaimConflict',
      line: 2,
      identifierType: 'upn',
      source: 'education',
      sourceId: 'ED-2',
      conflictingSource: 'social_care',
      conflictingSourceId: 'SC-C1',
      conflictingLine: undefined,
      message:
        'line 2: child record (education, ED-2) claims a upn that belongs to another child, record (social_care, SC-C1) (already stored)',
    },
  ])
  t.same(await dumpCurrentState(db), before, 'nothing from the batch was written')
  t.equal(await countRows(db, 'ingest_run'), runs)
})

t.test('two records claiming one childId inside a batch are refused, naming both lines', async (t) => {
  const db = await openTestDatabase(t)
  const errors = await refusal(
    db,
    batchOf([
      childLine({ childId: 'C1', source: 'social_care', sourceId: 'SC-1' }),
      missingLine({ sourceId: 'M1', subject: { childId: 'C1' } }),
      childLine({ childId: 'C1', source: 'education', sourceId: 'ED-1' }),
    ]),
  )
  t.equal(errors.length, 1)
  t.match(errors[0], {
    line: 3,
    identifierType: 'childId',
    source: 'education',
    sourceId: 'ED-1',
    conflictingSource: 'social_care',
    conflictingSourceId: 'SC-1',
    conflictingLine: 1,
  })
  t.equal(await countRows(db, 'fact_version'), 0)
})

t.test('in a stream, a clash with a record of an earlier chunk names that record’s line', async (t) => {
  const db = await openTestDatabase(t)
  const facts = batchOf([
    childLine({ childId: 'C1', source: 'social_care', sourceId: 'SC-1', upn: upnOf(9) }),
    missingLine({ sourceId: 'M1', subject: { childId: 'C1' } }),
    childLine({ childId: 'C2', source: 'education', sourceId: 'ED-2', upn: upnOf(9) }),
  ])
  const result = await ingestChunks(db, facts.map((f) => [f]), { receivedAt: RECEIVED })
  t.match(result, E.left([{ line: 3, identifierType: 'upn', sourceId: 'ED-2', conflictingSourceId: 'SC-1', conflictingLine: 1 }]))
  t.equal(await countRows(db, 'fact_version'), 0, 'the earlier chunks are rolled back too')
})

t.test('in a stream, facts before their child record are linked when it comes', async (t) => {
  const db = await openTestDatabase(t)
  const facts = batchOf([
    missingLine({ sourceId: 'M1', subject: { upn: upnOf(4) } }),
    missingLine({ sourceId: 'M2', subject: { childId: 'C1' } }),
    childLine({ childId: 'C1', upn: upnOf(4) }),
    missingLine({ sourceId: 'M3', subject: { childId: 'C1' } }),
  ])
  const result = await ingestChunks(db, [facts.slice(0, 2), facts.slice(2)], { receivedAt: RECEIVED })
  t.match(result, E.right({ counts: { inserted: 4, unmatched: 0, linked: 0 }, changedChildIds: ['C1'] }))
  for (const id of ['M1', 'M2', 'M3']) t.equal(await linkedChildOf(db, id), 'C1')
})

t.test('a record may move its identifier to a new child in the same batch', async (t) => {
  const db = await openTestDatabase(t)
  await ingest(db, batchOf([childLine({ childId: 'C1', upn: upnOf(3) })]))
  const moved = await ingest(
    db,
    batchOf([
      childLine({ childId: 'C1', recordedAt: '2024-05-09T09:00:00Z' }),
      childLine({ childId: 'C2', upn: upnOf(3) }),
    ]),
  )
  t.same(moved.changedChildIds, ['C1', 'C2'])
})

t.test('unmatched facts are kept, then linked when their child arrives', async (t) => {
  const db = await openTestDatabase(t)
  const first = await ingest(
    db,
    batchOf([
      missingLine({ sourceId: 'M1', subject: { upn: upnOf(11) } }),
      missingLine({ sourceId: 'M2', subject: { childId: 'C1' } }),
      missingLine({ sourceId: 'M3', subject: { childId: 'C8' } }),
    ]),
  )
  t.equal(first.counts.unmatched, 3)
  t.same(first.changedChildIds, [])
  const waiting = await listUnmatched(db, { limit: 10 })
  t.same(
    E.map((p: { items: readonly unknown[] }) => p.items)(waiting),
    E.right([
      { kind: 'missing_episode', source: 'police', sourceId: 'M1', identifierType: 'upn', receivedAt: RECEIVED },
      { kind: 'missing_episode', source: 'police', sourceId: 'M2', identifierType: 'childId', receivedAt: RECEIVED },
      { kind: 'missing_episode', source: 'police', sourceId: 'M3', identifierType: 'childId', receivedAt: RECEIVED },
    ]),
  )

  const second = await ingest(db, batchOf([childLine({ childId: 'C1', upn: upnOf(11) })]))
  t.equal(second.counts.linked, 2)
  t.equal(second.counts.unmatched, 0, 'no fact of this batch is unmatched')
  t.same(second.changedChildIds, ['C1'])
  t.equal(await linkedChildOf(db, 'M1'), 'C1')
  t.equal(await linkedChildOf(db, 'M2'), 'C1')
  t.equal(await linkedChildOf(db, 'M3'), null)
  const loaded = await loadChildFacts(db, ['C1'])
  t.same(
    E.map((cf: readonly { facts: readonly { sourceId: string }[] }[]) => cf.map((c) => c.facts.map((f) => f.sourceId)))(loaded),
    E.right([['M1', 'M2']]),
  )
})

t.test('facts are linked again when a child record is corrected or withdrawn', async (t) => {
  const db = await openTestDatabase(t)
  await ingest(
    db,
    batchOf([
      childLine({ childId: 'C1', upn: upnOf(21) }),
      missingLine({ sourceId: 'M1', subject: { upn: upnOf(21) } }),
      missingLine({ sourceId: 'M2', subject: { childId: 'C1' } }),
    ]),
  )
  t.equal(await linkedChildOf(db, 'M1'), 'C1')

  const dropped = await ingest(db, batchOf([childLine({ childId: 'C1', recordedAt: '2024-05-10T09:00:00Z' })]))
  t.same(dropped.counts, { inserted: 0, corrected: 1, unchanged: 0, withdrawn: 0, superseded: 0, unmatched: 0, linked: 0 })
  t.same(dropped.changedChildIds, ['C1'])
  t.equal(await linkedChildOf(db, 'M1'), null, 'the UPN no longer identifies C1')
  t.equal(await linkedChildOf(db, 'M2'), 'C1')

  const claimed = await ingest(db, batchOf([childLine({ childId: 'C2', upn: upnOf(21) })]))
  t.equal(claimed.counts.linked, 1)
  t.equal(await linkedChildOf(db, 'M1'), 'C2')

  const withdrawn = await ingest(db, batchOf([childLine({ childId: 'C1', withdrawn: true, recordedAt: '2024-05-11T09:00:00Z' })]))
  t.same(withdrawn.removedChildIds, ['C1'])
  t.same(withdrawn.changedChildIds, [])
  t.equal(await linkedChildOf(db, 'M2'), null)
  t.equal(await countRows(db, 'child'), 1)
})

t.test("a fact of the batch left with no child when its child's record becomes another kind counts as unmatched", async (t) => {
  const db = await openTestDatabase(t)
  await ingest(db, batchOf([childLine({ childId: 'C3', source: 'police', sourceId: 'X1', recordedAt: '2024-05-01T09:00:00Z' })]))
  // X1, the record of C3, is corrected into an episode about C3: once written it is linked to C3, whose record it was.
  const changed = await ingest(db, batchOf([missingLine({ sourceId: 'X1', subject: { childId: 'C3' }, recordedAt: '2024-05-03T09:00:00Z' })]))
  t.equal(await linkedChildOf(db, 'X1'), null, 'C3 has no record now: X1 waits')
  t.equal(changed.counts.unmatched, 1, 'and the batch says so')
  const waiting = await listUnmatched(db, { limit: 10 })
  t.same(E.isRight(waiting) ? waiting.right.items.map((u) => u.sourceId) : waiting, ['X1'])
})

t.test('a fact corrected to name another child moves to that child', async (t) => {
  const db = await openTestDatabase(t)
  await ingest(
    db,
    batchOf([childLine({ childId: 'C1' }), childLine({ childId: 'C2' }), missingLine({ sourceId: 'M1', subject: { childId: 'C1' } })]),
  )
  const moved = await ingest(
    db,
    batchOf([missingLine({ sourceId: 'M1', subject: { childId: 'C2' }, recordedAt: '2024-05-06T09:00:00Z' })]),
  )
  t.same(moved.changedChildIds, ['C1', 'C2'])
  t.equal(await linkedChildOf(db, 'M1'), 'C2')
})

t.test('a new fact whose lines change kind is linked as its current version says', async (t) => {
  // A first version goes by COPY when its current version is a child record (linked to no child), else by an
  // insert that links it. C1 is stored before, so no claim of this batch links its facts again.
  const lines = [
    childLine({ childId: 'C5', source: 'police', sourceId: 'X1', recordedAt: '2024-05-01T09:00:00Z' }),
    missingLine({ sourceId: 'X1', subject: { childId: 'C1' }, recordedAt: '2024-05-02T09:00:00Z' }),
    missingLine({ sourceId: 'X2', subject: { childId: 'C1' }, recordedAt: '2024-05-01T09:00:00Z' }),
    childLine({ childId: 'C6', source: 'police', sourceId: 'X2', recordedAt: '2024-05-03T09:00:00Z' }),
  ]
  const versions = (db: Kysely<Database>) =>
    db
      .selectFrom('fact_version')
      .select(['source_id', 'kind', 'is_current', 'child_id'])
      .where('source', '=', 'police')
      .orderBy('source_id')
      .orderBy('kind')
      .execute()
  const whole = await openTestDatabase(t)
  const streamed = await openTestDatabase(t)
  for (const db of [whole, streamed]) await ingest(db, batchOf([childLine({ childId: 'C1' })]))

  const result = await ingest(whole, batchOf(lines))
  t.same(result.changedChildIds, ['C1', 'C6'])
  t.same(await versions(whole), [
    { source_id: 'X1', kind: 'child', is_current: false, child_id: null },
    { source_id: 'X1', kind: 'missing_episode', is_current: true, child_id: 'C1' },
    { source_id: 'X2', kind: 'child', is_current: true, child_id: null },
    { source_id: 'X2', kind: 'missing_episode', is_current: false, child_id: null },
  ])
  const children = await whole.selectFrom('child').select(['child_id', 'source_id']).orderBy('child_id').execute()
  t.same(children, [{ child_id: 'C1', source_id: 'SC-C1' }, { child_id: 'C6', source_id: 'X2' }])

  const facts = batchOf(lines)
  const chunks = (function* () {
    for (const item of facts) yield [item]
  })()
  t.ok(E.isRight(await ingestChunks(streamed, chunks, { receivedAt: RECEIVED })))
  t.same(await dumpCurrentState(streamed), await dumpCurrentState(whole))
})

t.test('a batch read in chunks gives the same state as one read whole', async (t) => {
  const lines = [
    missingLine({ sourceId: 'M1', subject: { upn: upnOf(5) } }),
    childLine({ childId: 'C1', upn: upnOf(5) }),
    missingLine({ sourceId: 'M2', subject: { childId: 'C1' }, recordedAt: '2024-05-06T09:00:00Z', end: '2024-04-23T00:00:00Z' }),
    missingLine({ sourceId: 'M2', subject: { childId: 'C1' } }),
    childLine({ childId: 'C2' }),
  ]
  const whole = await openTestDatabase(t)
  await ingest(whole, batchOf(lines))
  const chunked = await openTestDatabase(t)
  const facts = batchOf(lines)
  const result = await ingestChunks(chunked, (async function* () {
    for (const item of facts) yield [item]
  })(), { receivedAt: RECEIVED })
  t.ok(E.isRight(result))
  t.same(await dumpCurrentState(chunked), await dumpCurrentState(whole))
})

t.test('a fact corrected in chunks two apart is resolved against the version the chunk between stored', async (t) => {
  // Chunk 4 is read ahead while chunk 2 is written: its held version must not be read before chunk 2 stores its correction.
  const lines = [
    missingLine({ sourceId: 'M1', subject: { childId: 'C1' }, recordedAt: '2024-05-02T09:00:00Z' }),
    missingLine({ sourceId: 'M1', subject: { childId: 'C1' }, recordedAt: '2024-05-03T09:00:00Z', end: '2024-04-22T00:00:00Z' }),
    childLine({ childId: 'C1' }),
    missingLine({ sourceId: 'M1', subject: { childId: 'C1' }, recordedAt: '2024-05-04T09:00:00Z', end: '2024-04-23T00:00:00Z' }),
    childLine({ childId: 'C2' }),
  ]
  const whole = await openTestDatabase(t)
  await ingest(whole, batchOf(lines))
  const chunked = await openTestDatabase(t)
  const facts = batchOf(lines)
  t.ok(E.isRight(await ingestChunks(chunked, facts.map((item) => [item]), { receivedAt: RECEIVED })))
  t.same(await dumpCurrentState(chunked), await dumpCurrentState(whole))
  const { rows } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM fact_version WHERE source_id = 'M1' AND is_current
  `.execute(chunked)
  t.equal(rows[0]?.n, 1, 'one current version')
})

t.test('a chunk source that fails rolls the whole batch back', async (t) => {
  const db = await openTestDatabase(t)
  const facts = batchOf([childLine({ childId: 'C1' }), childLine({ childId: 'C2' })])
  const failing = (async function* () {
    yield facts.slice(0, 1)
    throw new Error('line 2 is bad')
  })()
  await t.rejects(ingestChunks(db, failing, { receivedAt: RECEIVED }), { message: 'line 2 is bad' })
  t.equal(await countRows(db, 'fact_version'), 0)
  t.equal(await countRows(db, 'ingest_run'), 0)
})

t.test('a stream refused part-way (more records wait than allowed) is closed, and nothing of it is written', async (t) => {
  const db = await openTestDatabase(t)
  const facts = batchOf([
    childLine({ childId: 'C1', upn: upnOf(1) }),
    missingLine({ sourceId: 'M1', subject: { childId: 'C1' } }),
    childLine({ childId: 'C2', upn: upnOf(1) }),
    missingLine({ sourceId: 'M2', subject: { childId: 'C2' } }),
    childLine({ childId: 'C3' }),
  ])
  let pulled = 0
  let closed = false
  const source = (function* () {
    try {
      for (const item of facts) {
        pulled += 1
        yield [item]
      }
    } finally {
      closed = true
    }
  })()
  const result = await ingestChunks(db, source, { receivedAt: RECEIVED, waitingLimit: 0 })
  t.match(result, E.left([{ line: 3, identifierType: 'upn', conflictingLine: 1 }]), 'the second claim on the UPN refuses the batch')
  t.ok(closed, 'the source was closed')
  t.ok(pulled < facts.length, 'the source was not read to its end')
  t.equal(await countRows(db, 'fact_version'), 0)
})

t.test('the ingest run records its counts', async (t) => {
  const db = await openTestDatabase(t)
  const result = await ingest(db, batchOf([childLine({ childId: 'C1' })]))
  const run = await db.selectFrom('ingest_run').selectAll().where('id', '=', result.runId).executeTakeFirstOrThrow()
  t.match(run, { status: 'completed', label: 'test', started_at: RECEIVED, counts: result.counts })
  t.type(run.finished_at, 'string')
})

t.test("a batch's end stores its unmatched count with the run and marks only children with a record to score again", async (t) => {
  const db = await openTestDatabase(t)
  await ingest(db, batchOf([childLine({ childId: 'C1' }), childLine({ childId: 'C2' })]))
  await sql`DELETE FROM score_pending`.execute(db)
  const result = await ingest(
    db,
    batchOf([
      missingLine({ sourceId: 'M1', subject: { childId: 'C2' } }),
      missingLine({ sourceId: 'M2', subject: { childId: 'C9' } }),
      childLine({ childId: 'C1', withdrawn: true, recordedAt: '2024-05-11T09:00:00Z' }),
    ]),
  )
  t.same(result.changedChildIds, ['C2'])
  t.same(result.removedChildIds, ['C1'])
  t.equal(result.counts.unmatched, 1, 'M2 names no child')
  const run = await db.selectFrom('ingest_run').select('counts').where('id', '=', result.runId).executeTakeFirstOrThrow()
  t.same(run.counts, result.counts, 'the run record holds the counts the batch answered, its unmatched count among them')
  t.same(await pendingMarks(db), [{ childId: 'C2', runId: result.runId }], 'C2 is marked by this run; C1, whose record went, is not')
})
