import t from 'tap'
import * as E from 'fp-ts/Either'
import { Migrator, sql, type Kysely } from 'kysely'
import type { Database } from '../../../storage/database/database'
import { verifyAuditChain } from '../../../storage/audit/verify-audit-chain'
import { MIGRATIONS } from '../../../storage/migrations/index'
import { migrateToLatest } from '../../../storage/migrations/migrate-to-latest'
import { openEmptyTestDatabase, openTestDatabase } from '../../helpers/database'

const insertViews = async (db: Kysely<Database>, n: number, from = 1): Promise<void> => {
  for (let i = from; i < from + n; i++) {
    await db
      .insertInto('audit_event')
      .values({ sub: `user${i % 3}`, role: 'mash', route: 'GET /children/:childId/flags', child_ids: [`C${i}`], outcome: 'ok', purpose: i % 2 === 0 ? 'triage' : null, request_id: `r${i}` })
      .execute()
  }
}

/** What an attacker able to bypass the append-only trigger does: changes a row's content, not its hash. */
const tamper = (db: Kysely<Database>, requestId: string): Promise<void> =>
  db.transaction().execute(async (trx) => {
    await sql`ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update_or_delete`.execute(trx)
    await sql`UPDATE audit_event SET outcome = 'not_found' WHERE request_id = ${requestId}`.execute(trx)
    await sql`ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update_or_delete`.execute(trx)
  })

const idOf = async (db: Kysely<Database>, requestId: string): Promise<string> =>
  (await db.selectFrom('audit_event').select('id').where('request_id', '=', requestId).executeTakeFirstOrThrow()).id

t.test('each insert is chained: consecutive places, a sha256 hash, whatever the writer sends', async (t) => {
  const db = await openTestDatabase(t)
  await insertViews(db, 3)
  await sql`
    INSERT INTO audit_event (sub, role, route, outcome, request_id, chain_seq, chain_hash)
    VALUES ('x', 'mash', 'GET /rules', 'ok', 'forged', 99, 'not-a-hash')
  `.execute(db)
  const { rows } = await sql<{ chain_seq: string; chain_hash: string }>`SELECT chain_seq, chain_hash FROM audit_event ORDER BY id`.execute(db)
  t.same(rows.map((r) => r.chain_seq), ['1', '2', '3', '4'], 'the trigger numbers the rows, ignoring a forged place')
  t.ok(rows.every((r) => /^[0-9a-f]{64}$/.test(r.chain_hash)), 'every hash is a sha256 in hex')
  t.equal(new Set(rows.map((r) => r.chain_hash)).size, 4, 'no two hashes alike')
  const report = await verifyAuditChain(db)
  t.same({ rows: report.rows, firstSeq: report.firstSeq, mismatches: report.mismatches, gaps: report.gaps }, { rows: 4, firstSeq: '1', mismatches: [], gaps: [] })
  t.equal(report.headHash, rows[3]?.chain_hash, 'the head is the last row’s hash')
})

t.test('the verifier names exactly the tampered row, across page boundaries', async (t) => {
  const db = await openTestDatabase(t)
  await insertViews(db, 25)
  await tamper(db, 'r7')
  await tamper(db, 'r20')
  const report = await verifyAuditChain(db, { pageSize: 6 })
  t.equal(report.rows, 25)
  t.same(report.mismatches, [
    { id: await idOf(db, 'r7'), chainSeq: '7' },
    { id: await idOf(db, 'r20'), chainSeq: '20' },
  ])
  t.same(report.gaps, [])
})

t.test('a removed row leaves a hole the verifier reports; an empty log verifies', async (t) => {
  const db = await openTestDatabase(t)
  t.same(await verifyAuditChain(db), { rows: 0, firstSeq: null, headHash: null, mismatches: [], gaps: [] })
  await insertViews(db, 10)
  await db.transaction().execute(async (trx) => {
    await sql`SET LOCAL early_warning.audit_retention = 'on'`.execute(trx)
    await trx.deleteFrom('audit_event').where('request_id', 'in', ['r1', 'r2', 'r5', 'r6']).execute()
  })
  const report = await verifyAuditChain(db, { pageSize: 4 })
  t.equal(report.firstSeq, '3', 'rows removed from the start (retention) move the anchor')
  t.same(report.gaps, [{ from: '5', to: '6' }], 'a hole in the middle is reported')
  t.same(report.mismatches, [], 'and no row is blamed for it')
})

t.test('concurrent writers still make one unbroken chain', async (t) => {
  const db = await openTestDatabase(t)
  await Promise.all(Array.from({ length: 6 }, (_, w) => insertViews(db, 15, w * 100)))
  const report = await verifyAuditChain(db)
  t.same({ rows: report.rows, mismatches: report.mismatches, gaps: report.gaps }, { rows: 90, mismatches: [], gaps: [] })
})

t.test('rows written before the migration are chained by it, in id order', async (t) => {
  const { db } = await openEmptyTestDatabase(t)
  const schema = (await sql<{ s: string }>`SELECT current_schema() AS s`.execute(db)).rows[0]?.s ?? ''
  const migrator = new Migrator({ db, provider: { getMigrations: async () => ({ ...MIGRATIONS }) }, migrationTableSchema: schema })
  const before = await migrator.migrateTo('2026-11-25-02-append-only-audit')
  t.equal(before.error, undefined)
  await insertViews(db, 5)
  t.ok(E.isRight(await migrateToLatest(db)), 'the chain migration applies over existing rows')
  await insertViews(db, 2, 6)
  const { rows } = await sql<{ request_id: string; chain_seq: string }>`SELECT request_id, chain_seq FROM audit_event ORDER BY chain_seq`.execute(db)
  t.same(rows.map((r) => `${r.request_id}:${r.chain_seq}`), ['r1:1', 'r2:2', 'r3:3', 'r4:4', 'r5:5', 'r6:6', 'r7:7'])
  const report = await verifyAuditChain(db)
  t.same({ rows: report.rows, mismatches: report.mismatches, gaps: report.gaps }, { rows: 7, mismatches: [], gaps: [] })
})
