/**
 * Migration 11 narrows `fact_version_subject_idx` to the facts the child
 * index cannot find under their subject; relinking then reads through both
 * indexes and never scans `fact_version`, whichever side of the migration
 * the schema is on, and finds every fact it did before.
 */
import * as E from 'fp-ts/Either'
import { sql, type Kysely } from 'kysely'
import t from 'tap'
import type { Database } from '../../../storage/database/database'
import { readyBatchScratch } from '../../../storage/ingest/batch-scratch'
import { ingestBatch } from '../../../storage/ingest/ingest-batch'
import { factsToRelink } from '../../../storage/ingest/relink-facts'
import { migrateToLatest } from '../../../storage/migrations/migrate-to-latest'
import { openTestDatabase } from '../../helpers/database'
import { batchOf, childLine, dumpCurrentState, missingLine, upnOf } from '../synthetic-facts'
import { migrateTo } from './migrate-to'

const BEFORE = '2026-11-26-10-event-date'
const RECEIVED = '2024-06-01T08:00:00.000Z'

const CITY = batchOf([
  childLine({ childId: 'C1', upn: upnOf(1) }),
  missingLine({ sourceId: 'M1', subject: { upn: upnOf(1) } }),
  missingLine({ sourceId: 'M2', subject: { childId: 'C1' } }),
  missingLine({ sourceId: 'M3', subject: { childId: 'C9' } }),
  missingLine({ sourceId: 'M4', subject: { childId: 'C1' }, withdrawn: true }),
])

/** C1's record withdrawn: every fact naming C1 or its UPN loses its link. */
const WITHDRAW_C1 = batchOf([childLine({ childId: 'C1', withdrawn: true, recordedAt: '2024-05-11T09:00:00Z' })])

interface PlanNode {
  readonly 'Node Type': string
  readonly 'Relation Name'?: string
  readonly 'Index Name'?: string
  readonly Plans?: readonly PlanNode[]
}

const nodesOf = (node: PlanNode): readonly PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)]

/** How relinking reads `fact_version` for a childId and a UPN, sequential scans priced out of reach. */
const relinkReads = (db: Kysely<Database>): Promise<readonly PlanNode[]> =>
  db.transaction().execute(async (trx) => {
    await readyBatchScratch(trx)
    await sql`SET LOCAL enable_seqscan = off`.execute(trx)
    const claims = [
      { type: 'childId' as const, value: 'C1', owner: 'C1' },
      { type: 'upn' as const, value: upnOf(1), owner: 'C1' },
    ]
    const { rows } = await sql<{ 'QUERY PLAN': unknown }>`EXPLAIN (FORMAT JSON) ${factsToRelink(claims, '1')}`.execute(trx)
    const raw = rows[0]?.['QUERY PLAN']
    const [plan] = (typeof raw === 'string' ? JSON.parse(raw) : raw) as readonly { readonly Plan: PlanNode }[]
    if (plan === undefined) throw new Error('EXPLAIN returned no plan')
    return nodesOf(plan.Plan).filter((n) => n['Relation Name'] === 'fact_version')
  })

const subjectIndexDefinition = async (db: Kysely<Database>): Promise<string | undefined> => {
  const { rows } = await sql<{ indexdef: string }>`
    SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND indexname = 'fact_version_subject_idx'
  `.execute(db)
  return rows[0]?.indexdef
}

const ingested = async (db: Kysely<Database>, batch: typeof CITY): Promise<void> => {
  if (E.isLeft(await ingestBatch(db, batch, { receivedAt: RECEIVED }))) throw new Error('the batch was refused')
}

t.test('relinking reads fact_version through the subject and child indexes only', async (t) => {
  const db = await openTestDatabase(t)
  await ingested(db, CITY)
  const reads = await relinkReads(db)
  t.same(reads.filter((n) => n['Index Name'] === undefined), [], 'no read of fact_version without an index')
  t.same([...new Set(reads.map((n) => n['Index Name']))].sort(), ['fact_version_child_idx', 'fact_version_subject_idx'])
})

t.test('the subject index is narrowed over stored facts, and put back whole by down, relinking the same', async (t) => {
  const narrowed = await openTestDatabase(t)
  await ingested(narrowed, CITY)
  t.match(await subjectIndexDefinition(narrowed), /child_id IS DISTINCT FROM subject_value/)

  const whole = await openTestDatabase(t)
  await migrateTo(whole, BEFORE)
  t.notMatch(await subjectIndexDefinition(whole), /child_id/, 'down: every current fact but child records')
  await ingested(whole, CITY)
  t.same(await dumpCurrentState(whole), await dumpCurrentState(narrowed), 'the same facts stored and linked')

  t.ok(E.isRight(await migrateToLatest(whole)), 'up over stored facts')
  t.match(await subjectIndexDefinition(whole), /child_id IS DISTINCT FROM subject_value/)
  await ingested(whole, WITHDRAW_C1)
  await ingested(narrowed, WITHDRAW_C1)
  const after = await dumpCurrentState(narrowed)
  t.same(await dumpCurrentState(whole), after)
  const links = (after as { facts: readonly { source_id: string; child_id: string | null }[] }).facts
  t.same(
    links.filter((f) => f.source_id.startsWith('M')).map((f) => [f.source_id, f.child_id]),
    [
      ['M1', null],
      ['M2', null],
      ['M3', null],
      ['M4', null],
    ],
    'the facts linked to C1 (M2 through the child index) are unlinked',
  )
})
