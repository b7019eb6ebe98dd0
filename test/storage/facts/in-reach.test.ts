/**
 * A page (or children by id) read with the rules' reach (storage/facts/in-reach.ts) holds every
 * fact the rules may read (engine readsFact) and only facts the page holds
 * without it; on a generated city most attendance summaries are left out,
 * and a row without an event date is still read. Ingest writes each
 * version's event date, by COPY and by INSERT, as the engine has it.
 */
import * as E from 'fp-ts/Either'
import { sql } from 'kysely'
import t from 'tap'
import { decodeBatch } from '../../../engine/batch/decode-batch'
import { compileRuleSet, factReach, readsFact } from '../../../engine/evaluate'
import type { FactReach } from '../../../engine/evaluate'
import type { ChildFacts } from '../../../engine/linking/child-facts'
import { isFirstTimeEntrantMembers } from '../../../engine/rule-set/cohort-definition'
import { generateCity } from '../../../fixtures/city/generate-city'
import { loadRuleSet } from '../../../rules-loader/load-rule-set'
import { loadChildFacts } from '../../../storage/facts/load-child-facts'
import { loadChildPage } from '../../../storage/facts/load-child-page'
import type { FactVersion } from '../../../engine/facts/fact'
import { ingestBatch } from '../../../storage/ingest/ingest-batch'
import { storedEventDate } from '../../../storage/ingest/stored-event-date'
import { openTestDatabase } from '../../helpers/database'
import { batchOf, childLine } from '../synthetic-facts'

const AS_OF = '2026-11-24'

const shippedReach = (): FactReach => {
  const loaded = loadRuleSet()
  if (E.isLeft(loaded)) throw new Error('the shipped rule set loads')
  const cohorts = loaded.right.cohorts.flatMap((c) => (isFirstTimeEntrantMembers(c.members) ? [] : [c.members]))
  return factReach(compileRuleSet(loaded.right), AS_OF, cohorts)
}

const onePage = async (db: Parameters<typeof loadChildPage>[0], reach?: FactReach): Promise<readonly ChildFacts[]> => {
  const page = await loadChildPage(db, undefined, 1000, reach)
  if (E.isLeft(page)) throw new Error(`the page does not decode: ${JSON.stringify(page.left)}`)
  return page.right.children
}

const ids = (child: ChildFacts | undefined): string[] => (child?.facts ?? []).map((f) => `${f.source}/${f.sourceId}`)

t.test('a generated city: every fact in reach is read, nothing else the full page lacks, most attendance left out', async (t) => {
  const db = await openTestDatabase(t)
  const lines = [...generateCity({ children: 60, seed: 'in-reach', referenceDate: AS_OF })]
  const decoded = decodeBatch(lines)
  if (E.isLeft(decoded)) return void t.fail('the generated city decodes')
  t.ok(E.isRight(await ingestBatch(db, decoded.right, { receivedAt: '2026-11-24T20:00:00.000Z' })))
  const reach = shippedReach()
  const full = await onePage(db)
  const reached = await onePage(db, reach)
  t.same(reached.map((c) => c.child), full.map((c) => c.child), 'the same children and records')
  let left = 0
  let attendanceLeft = 0
  let attendance = 0
  for (const [i, child] of full.entries()) {
    const got = new Set(ids(reached[i]))
    const needed = child.facts.filter((f) => readsFact(reach, f)).map((f) => `${f.source}/${f.sourceId}`)
    const missed = needed.filter((id) => !got.has(id))
    if (missed.length > 0) t.fail(`${child.child.childId}: ${missed.join(', ')} in reach but not read`)
    const all = new Set(ids(child))
    const extra = [...got].filter((id) => !all.has(id))
    if (extra.length > 0) t.fail(`${child.child.childId}: ${extra.join(', ')} read only with the reach`)
    left += child.facts.length - got.size
    attendance += child.facts.filter((f) => f.kind === 'attendance').length
    attendanceLeft += child.facts.filter((f) => f.kind === 'attendance' && !got.has(`${f.source}/${f.sourceId}`)).length
  }
  t.ok(left > 0, `${left} facts left out`)
  const rows = await sql<{ content: unknown; event_date: string | null }>`SELECT content, event_date::text AS event_date FROM fact_version`.execute(db)
  const wrong = rows.rows.filter((r) => r.event_date !== storedEventDate(r.content as FactVersion))
  t.same(wrong, [], `every one of ${rows.rows.length} versions (first versions by COPY, corrections by INSERT) has its event date`)
  t.ok(attendanceLeft * 2 > attendance, `${attendanceLeft} of ${attendance} attendance summaries left out`)
})

const attendanceLine = (sourceId: string, periodEnd: string): Record<string, unknown> => ({
  kind: 'attendance',
  source: 'education',
  sourceId,
  subject: { childId: 'C1' },
  recordedAt: '2026-11-24T09:00:00Z',
  schoolUrn: '100001',
  periodStart: '2026-09-01',
  periodEnd,
  possibleSessions: 20,
  attendedSessions: 18,
  authorisedAbsences: 1,
  unauthorisedAbsences: 1,
})

t.test('on the bound is left out, the day after is read; a row without an event date is read', async (t) => {
  const db = await openTestDatabase(t)
  const lines = [childLine({ childId: 'C1' }), attendanceLine('ON', '2026-10-13'), attendanceLine('AFTER', '2026-10-14'), attendanceLine('LATER', '2026-11-20')]
  t.ok(E.isRight(await ingestBatch(db, batchOf(lines), { receivedAt: '2026-11-24T20:00:00.000Z' })))
  const reach = shippedReach()
  t.same(reach.attendance, { reads: 'after', after: '2026-10-13' })
  t.same(ids((await onePage(db, reach))[0]), ['education/AFTER', 'education/LATER'])
  t.same(ids((await onePage(db))[0]), ['education/AFTER', 'education/LATER', 'education/ON'], 'without the reach: all three')
  const byId = await loadChildFacts(db, ['C1'], reach)
  t.same(E.isRight(byId) ? ids(byId.right[0]) : undefined, ['education/AFTER', 'education/LATER'], 'loading children by id: the same')
  const allById = await loadChildFacts(db, ['C1'])
  t.same(E.isRight(allById) ? ids(allById.right[0]) : undefined, ['education/AFTER', 'education/LATER', 'education/ON'])

  // A correction (a held fact's new version, written by INSERT) moves the date: the new current version is out of reach.
  const corrected = { ...attendanceLine('AFTER', '2026-10-12'), recordedAt: '2026-11-24T10:00:00Z' }
  t.ok(E.isRight(await ingestBatch(db, batchOf([corrected]), { receivedAt: '2026-11-24T21:00:00.000Z' })))
  t.same(ids((await onePage(db, reach))[0]), ['education/LATER'], 'a corrected date is the one read')
  const restored = { ...attendanceLine('AFTER', '2026-10-14'), recordedAt: '2026-11-24T11:00:00Z' }
  t.ok(E.isRight(await ingestBatch(db, batchOf([restored]), { receivedAt: '2026-11-24T22:00:00.000Z' })))

  // A version stored with no event date (a damaged one left so by migration 10) is read.
  await sql`UPDATE fact_version SET event_date = NULL WHERE source_id = 'ON'`.execute(db)
  t.same(ids((await onePage(db, reach))[0]), ['education/AFTER', 'education/LATER', 'education/ON'], 'the row without an event date is read')
})
