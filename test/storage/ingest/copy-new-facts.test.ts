/**
 * New facts are written with COPY (`copy-new-facts.ts`), child records and
 * held facts with INSERT: the two must store the same thing.
 */
import * as E from 'fp-ts/Either'
import { sql, type Kysely } from 'kysely'
import t from 'tap'
import type { Database } from '../../../storage/database/database'
import { ingestBatch, ingestChunks, type IngestResult } from '../../../storage/ingest/ingest-batch'
import { openTestDatabase } from '../../helpers/database'
import { batchOf, childLine, missingLine, upnOf } from '../synthetic-facts'

const ingest = async (db: Kysely<Database>, lines: readonly Record<string, unknown>[], receivedAt: string): Promise<IngestResult> => {
  const result = await ingestBatch(db, batchOf(lines), { receivedAt, label: 'test' })
  if (E.isLeft(result)) throw new Error(`unexpected refusal: ${result.left.map((e) => e.message).join('; ')}`)
  return result.right
}

// Backslashes (COPY's text format's escape) in keys and subjects, and in content as JSON escapes;
// tabs and newlines never reach a copy (ids and texts refuse control characters).
const AWKWARD_ID = 'M\\1\\N\\t'
const AWKWARD_TEXT = 'said "no" \\ then \\N left'
const LINES = [
  childLine({ childId: 'C1', upn: upnOf(1) }),
  missingLine({ sourceId: AWKWARD_ID, subject: { upn: upnOf(1) } }),
  {
    kind: 'youth_justice_outcome',
    source: 'youth_justice',
    sourceId: 'YO-1',
    subject: { childId: 'C1' },
    recordedAt: '2024-05-02T09:00:00Z',
    occurredOn: '2024-04-30',
    outcome: 'youth_caution',
    offenceCategory: AWKWARD_TEXT,
  },
  missingLine({ sourceId: 'M3', subject: { childId: 'C\\nobody' } }),
  missingLine({ sourceId: 'M4', subject: { childId: 'C1' }, recordedAt: '2024-05-02T09:00:00Z', start: '2024-04-01T10:00:00Z' }),
  missingLine({ sourceId: 'M4', subject: { childId: 'C1' }, recordedAt: '2024-05-03T09:00:00Z', start: '2024-04-02T10:00:00Z' }),
]

interface Row {
  readonly source_id: string
  readonly kind: string
  readonly is_current: boolean
  readonly child_id: string | null
  readonly subject_value: string
  readonly content: unknown
  readonly hash_is_md5: boolean
  readonly in_jsonb_form: boolean
  readonly received_at: string
  readonly recorded_at: string
}

const stored = async (db: Kysely<Database>): Promise<readonly Row[]> =>
  (
    await sql<Row>`
      SELECT source_id, kind, is_current, child_id, subject_value, content,
             version_hash = md5(content::text)::uuid AS hash_is_md5,
             content::text = content::jsonb::text AS in_jsonb_form,
             to_char(received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') AS received_at,
             to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') AS recorded_at
      FROM fact_version ORDER BY id
    `.execute(db)
  ).rows

t.test('copied versions are linked, hashed, stamped and noted as the inserted ones are', async (t) => {
  const db = await openTestDatabase(t)
  // Microseconds and an offset: the run's instant, to the millisecond, is what every version carries.
  const result = await ingest(db, LINES, '2024-06-01T09:00:00.123987+01:00')
  t.same(result.counts, { inserted: 5, corrected: 1, unchanged: 0, withdrawn: 0, superseded: 0, unmatched: 1, linked: 0 })
  t.same(result.changedChildIds, ['C1'])
  const rows = await stored(db)
  t.equal(rows.length, 6)
  for (const row of rows) {
    t.ok(row.hash_is_md5, `${row.source_id}: the hash is md5 of the content`)
    t.ok(row.in_jsonb_form, `${row.source_id}: copied or inserted, the content is stored as jsonb prints it`)
    t.equal(row.received_at, '2024-06-01T08:00:00.123000', `${row.source_id}: the run's instant, to the millisecond`)
  }
  const byId = (id: string, current = true) => rows.find((r) => r.source_id === id && r.is_current === current)
  t.equal(byId(AWKWARD_ID)?.child_id, 'C1', 'linked by the UPN the child record claims, key intact')
  t.equal((byId(AWKWARD_ID)?.content as { sourceId?: string }).sourceId, AWKWARD_ID, 'content intact')
  t.equal(byId('YO-1')?.child_id, 'C1', 'linked by childId')
  t.equal((byId('YO-1')?.content as { offenceCategory?: string }).offenceCategory, AWKWARD_TEXT, 'text intact')
  t.equal(byId('M3')?.child_id, null, 'nobody: unmatched')
  t.equal(byId('M3')?.subject_value, 'C\\nobody')
  t.equal(byId('M4')?.recorded_at, '2024-05-03T09:00:00', 'the later version is current')
  t.equal(byId('M4', false)?.child_id, null, 'history is never linked')

  const unmatched = await sql<{ source_id: string }>`
    SELECT source_id FROM fact_version WHERE is_current AND child_id IS NULL AND kind <> 'child' AND NOT withdrawn
  `.execute(db)
  t.same(unmatched.rows, [{ source_id: 'M3' }])
})

t.test('a re-send of copied versions stores nothing: the generated hash finds them', async (t) => {
  const db = await openTestDatabase(t)
  await ingest(db, LINES, '2024-06-01T08:00:00.000Z')
  const before = await stored(db)
  const again = await ingest(db, LINES, '2024-06-02T08:00:00.000Z')
  t.same(again.counts, { inserted: 0, corrected: 0, unchanged: 6, withdrawn: 0, superseded: 0, unmatched: 1, linked: 0 })
  t.same(await stored(db), before)
})

t.test('a stream of small chunks links each chunk’s facts to the records of that chunk and of earlier ones', async (t) => {
  const db = await openTestDatabase(t)
  const lines = [
    childLine({ childId: 'C1', upn: upnOf(1) }),
    missingLine({ sourceId: 'M1', subject: { upn: upnOf(1) } }),
    childLine({ childId: 'C2', upn: upnOf(2) }),
    missingLine({ sourceId: 'M2', subject: { upn: upnOf(2) } }),
    missingLine({ sourceId: 'M3', subject: { childId: 'C1' } }),
  ]
  const facts = batchOf(lines)
  const result = await ingestChunks(db, [facts.slice(0, 2), facts.slice(2, 4), facts.slice(4)], { receivedAt: '2024-06-01T08:00:00.000Z' })
  t.ok(E.isRight(result))
  const links = await sql<{ source_id: string; child_id: string | null }>`
    SELECT source_id, child_id FROM fact_version WHERE is_current AND kind <> 'child' ORDER BY source_id
  `.execute(db)
  t.same(links.rows, [
    { source_id: 'M1', child_id: 'C1' },
    { source_id: 'M2', child_id: 'C2' },
    { source_id: 'M3', child_id: 'C1' },
  ])
})

t.test('new facts naming what a chunk’s own records released or claimed follow the records', async (t) => {
  const db = await openTestDatabase(t)
  await ingest(db, [childLine({ childId: 'C1', upn: upnOf(1) })], '2024-06-01T08:00:00.000Z')
  // One chunk: C1's record is withdrawn, and new facts name its UPN and its childId.
  await ingest(
    db,
    [
      childLine({ childId: 'C1', withdrawn: true, recordedAt: '2024-05-05T09:00:00Z' }),
      missingLine({ sourceId: 'M1', subject: { upn: upnOf(1) } }),
      missingLine({ sourceId: 'M2', subject: { childId: 'C1' } }),
    ],
    '2024-06-02T08:00:00.000Z',
  )
  const links = async () =>
    (
      await sql<{ source_id: string; child_id: string | null }>`
        SELECT source_id, child_id FROM fact_version WHERE is_current AND kind <> 'child' ORDER BY source_id
      `.execute(db)
    ).rows
  t.same(await links(), [
    { source_id: 'M1', child_id: null },
    { source_id: 'M2', child_id: null },
  ], 'released: nobody’s')
  // Another child claims the UPN in the same chunk as a new fact naming it.
  await ingest(
    db,
    [childLine({ childId: 'C2', upn: upnOf(1) }), missingLine({ sourceId: 'M3', subject: { upn: upnOf(1) } })],
    '2024-06-03T08:00:00.000Z',
  )
  t.same(await links(), [
    { source_id: 'M1', child_id: 'C2' },
    { source_id: 'M2', child_id: null },
    { source_id: 'M3', child_id: 'C2' },
  ], 'claimed: the new owner’s, for the new fact and the waiting one')
})
