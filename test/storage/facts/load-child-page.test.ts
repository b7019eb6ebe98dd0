import * as E from 'fp-ts/Either'
import { sql } from 'kysely'
import t from 'tap'
import type { ChildFacts } from '../../../engine/linking/child-facts'
import { loadChildFacts } from '../../../storage/facts/load-child-facts'
import { loadChildPage } from '../../../storage/facts/load-child-page'
import { ingestBatch } from '../../../storage/ingest/ingest-batch'
import { openTestDatabase } from '../../helpers/database'
import { batchOf, childLine, missingLine, upnOf } from '../synthetic-facts'

// Mixed case and digits: a locale collation would interleave these; code-point order does not.
const IDS = ['b2', 'B1', 'a10', 'A2', 'a9', 'Z', '_x', 'c']

const LINES = [
  ...IDS.map((childId, i) => childLine({ childId, upn: upnOf(i + 1) })),
  missingLine({ sourceId: 'M1', subject: { upn: upnOf(1) } }),
  missingLine({ sourceId: 'M2', subject: { childId: 'b2' } }),
  missingLine({ sourceId: 'M0', subject: { childId: 'b2' } }),
  missingLine({ sourceId: 'M3', subject: { childId: 'Z' }, withdrawn: true }),
  missingLine({ sourceId: 'M4', subject: { childId: 'Z' } }),
  missingLine({ sourceId: 'M5', subject: { childId: 'nobody' } }),
]

const allPages = async (db: Parameters<typeof loadChildPage>[0], size: number): Promise<(readonly ChildFacts[])[]> => {
  const pages: (readonly ChildFacts[])[] = []
  let after: string | undefined
  for (;;) {
    const page = await loadChildPage(db, after, size)
    if (E.isLeft(page)) throw new Error('a page does not decode')
    if (page.right.last === undefined) return pages
    pages.push(page.right.children)
    after = page.right.last
  }
}

t.test('pages of children in code-point order, each once, with the same facts as loading them by id', async (t) => {
  const db = await openTestDatabase(t)
  t.ok(E.isRight(await ingestBatch(db, batchOf(LINES), { receivedAt: '2024-06-01T08:00:00.000Z' })))
  const pages = await allPages(db, 3)
  t.same(pages.map((p) => p.length), [3, 3, 2])
  const sorted = [...IDS].sort()
  t.same(pages.flat().map((c) => c.child.childId), sorted)
  const byId = await loadChildFacts(db, sorted)
  t.same(E.right(pages.flat()), byId, 'records and facts as loadChildFacts gives them')
  const b2 = pages.flat().find((c) => c.child.childId === 'b2')
  t.same(b2?.facts.map((f) => f.sourceId), ['M0', 'M1', 'M2'], 'facts named by childId and by identifier, in (source, sourceId) order')
  t.same(pages.flat().find((c) => c.child.childId === 'Z')?.facts.map((f) => f.sourceId), ['M4'], 'a withdrawn fact does not count')
})

t.test('an empty database is one empty page; a bad page size is refused', async (t) => {
  const db = await openTestDatabase(t)
  t.same(await loadChildPage(db, undefined, 10), E.right({ children: [], last: undefined }))
  await t.rejects(loadChildPage(db, undefined, 0), RangeError)
})

t.test('a fact whose link is stale (its subject names another child now) is not read as the linked child', async (t) => {
  const db = await openTestDatabase(t)
  t.ok(E.isRight(await ingestBatch(db, batchOf(LINES), { receivedAt: '2024-06-01T08:00:00.000Z' })))
  await sql`UPDATE fact_version SET child_id = 'c' WHERE source_id = 'M1'`.execute(db)
  const pages = await allPages(db, 10)
  t.same(pages.flat().find((c) => c.child.childId === 'c')?.facts, [])
  t.same(pages.flat().find((c) => c.child.childId === 'b2')?.facts.map((f) => f.sourceId), ['M0', 'M2'])
})

t.test('every bad row of a page is reported, by table and key', async (t) => {
  const db = await openTestDatabase(t)
  t.ok(E.isRight(await ingestBatch(db, batchOf(LINES), { receivedAt: '2024-06-01T08:00:00.000Z' })))
  await sql`UPDATE fact_version SET content = (content::jsonb || '{"kind":"rumour"}'::jsonb)::json WHERE source_id IN ('M2', 'M4')`.execute(db)
  await sql`UPDATE fact_version SET content = (content::jsonb - 'dateOfBirth')::json WHERE kind = 'child' AND subject_value = 'a9'`.execute(db)
  const page = await loadChildPage(db, undefined, 10)
  t.ok(E.isLeft(page))
  if (E.isLeft(page)) {
    t.same(page.left.map((p) => `${p.table} ${p.key}`).sort(), ['child a9', 'fact_version police/M2', 'fact_version police/M4'])
  }
})
