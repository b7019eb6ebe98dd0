/**
 * The storage source behind the cohort cache (PGlite and PostgreSQL): pages
 * of every child, the data version and the runs after it; and, through the
 * production wiring, cohort pages that follow every committed batch, whether
 * it came through `POST /facts` (patched from the journal) or another
 * process (computed again).
 */
import t from 'tap'
import * as E from 'fp-ts/Either'
import { decodeBatch } from '../../../engine/batch/decode-batch'
import { ingestBatch } from '../../../storage/ingest/ingest-batch'
import { storageSource } from '../../../api/adapters/storage-source'
import { openTestDatabase } from '../../helpers/database'
import { bearer, buildStoredApp, TEST_NOW } from '../helper'
import { CANARY_FACTS, childIdOf } from '../fixtures/canary-city'

const openEpisode = (childId: string, sourceId: string, end: string | null): string =>
  JSON.stringify({
    kind: 'missing_episode',
    source: 'police',
    sourceId,
    subject: { childId },
    recordedAt: end === null ? '2026-11-24T09:00:00Z' : '2026-11-24T09:30:00Z',
    start: '2026-11-23T20:00:00Z',
    end,
    category: 'missing',
  })

const ingest = async (db: Parameters<typeof storageSource>[0], lines: readonly string[]): Promise<void> => {
  const decoded = decodeBatch(lines)
  if (E.isLeft(decoded)) throw new Error('bad test lines')
  const done = await ingestBatch(db, decoded.right, { receivedAt: TEST_NOW, label: 'test' })
  if (E.isLeft(done)) throw new Error('refused')
}

t.test('every child in pages, and a data version that follows committed runs', async (t) => {
  const db = await openTestDatabase(t)
  const source = storageSource(db)
  t.equal(await source.dataVersion(), '0', 'nothing ingested yet')
  await ingest(db, CANARY_FACTS)
  const first = await source.dataVersion()
  t.not(first, '0')
  const seen: string[] = []
  for await (const page of source.childPages()) seen.push(...page.map((c) => c.child.childId))
  t.same(seen, [1, 2, 3, 4, 5].map((n) => childIdOf(n as 1 | 2 | 3 | 4 | 5)), 'every child, once, in childId order')
  t.same(await source.runsAfter(first), [], 'no run after the newest')
  await ingest(db, [openEpisode(childIdOf(1), 'CACHE-1', null)])
  const second = await source.dataVersion()
  t.ok(BigInt(second) > BigInt(first), 'a new batch, a newer version')
  t.same(await source.runsAfter(first), [second])
  t.same((await source.childrenFacts([childIdOf(1), 'C0000000'])).map((c) => c.child.childId), [childIdOf(1)], 'unknown ids are left out')
})

const pilotIds = async (app: Awaited<ReturnType<typeof buildStoredApp>>['app']): Promise<string[]> => {
  const res = await app.inject({ method: 'GET', url: '/cohorts/missing-pilot', headers: bearer('mash') })
  if (res.statusCode !== 200) throw new Error(`cohort page answered ${res.statusCode}`)
  return (res.json() as { rows: { childId: string }[] }).rows.map((r) => r.childId)
}

t.test('cohort pages follow batches sent through the API and batches sent by another process', async (t) => {
  const { app, db } = await buildStoredApp(t)
  t.same(await pilotIds(app), [childIdOf(2)], 'before: only the canary who goes missing repeatedly')
  const posted = await app.inject({
    method: 'POST',
    url: '/facts',
    headers: { ...bearer('ingest'), 'content-type': 'application/x-ndjson' },
    payload: `${openEpisode(childIdOf(1), 'CACHE-1', null)}\n`,
  })
  t.equal(posted.statusCode, 200)
  const after = await pilotIds(app)
  t.same([...after].sort(), [childIdOf(1), childIdOf(2)], 'after the API batch: the child missing now is in the pilot')
  t.same(await pilotIds(app), after, 'read again: the same answer')
  // The same episode closed, sent by another process (the CLI): the API has no note of it.
  await ingest(db, [openEpisode(childIdOf(1), 'CACHE-1', '2026-11-24T08:00:00Z')])
  t.same(await pilotIds(app), [childIdOf(2)], 'after the other batch: back to the repeat-missing child only')
})
