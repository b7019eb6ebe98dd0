/**
 * Migration 10 adds `fact_version.event_date` and fills it for the versions
 * already stored, from their content: the same date ingest writes for them
 * now (storage/ingest/stored-event-date.ts), null for missing episodes and
 * withdrawals; down drops the column.
 */
import * as E from 'fp-ts/Either'
import { sql, type Kysely } from 'kysely'
import t from 'tap'
import { decodeBatch } from '../../../engine/batch/decode-batch'
import { generateCity } from '../../../fixtures/city/generate-city'
import { ingestBatch } from '../../../storage/ingest/ingest-batch'
import { migrateToLatest } from '../../../storage/migrations/migrate-to-latest'
import { openTestDatabase } from '../../helpers/database'
import { migrateTo } from './migrate-to'

const BEFORE = '2026-11-26-09-content-json'

const eventDates = async (db: Kysely<any>): Promise<readonly { id: string; kind: string; event_date: string | null }[]> =>
  (await sql<{ id: string; kind: string; event_date: string | null }>`SELECT id, kind, event_date::text AS event_date FROM fact_version ORDER BY id`.execute(db)).rows

t.test('existing versions get the event date ingest writes; down drops the column', async (t) => {
  const db = await openTestDatabase(t)
  const decoded = decodeBatch([...generateCity({ children: 40, seed: 'event-date', referenceDate: '2026-11-24' })])
  if (E.isLeft(decoded)) return void t.fail('the generated city decodes')
  t.ok(E.isRight(await ingestBatch(db, decoded.right, { receivedAt: '2026-11-24T20:00:00.000Z' })))
  const written = await eventDates(db)
  t.ok(written.some((r) => r.kind === 'attendance' && r.event_date !== null), 'ingest wrote dates')
  t.ok(written.filter((r) => r.kind === 'missing_episode').every((r) => r.event_date === null), 'none for missing episodes')

  await migrateTo(db, BEFORE)
  const columns = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'fact_version' AND column_name = 'event_date'
  `.execute(db)
  t.equal(columns.rows[0]?.n, 0, 'down: no column')
  t.ok(E.isRight(await migrateToLatest(db)))
  t.same(await eventDates(db), written, 'up: every version has the date ingest wrote for it')
})
