/**
 * RELIABILITY L4: the audit log cannot be altered, and an alteration by
 * someone who can get past that is found.
 *
 *   npm run fault:audit-chain -- [--rows 100000] [--seed l4]
 *
 * In a private cluster (it creates a role): an application role that is not
 * the owner and holds INSERT and SELECT on `audit_event` only tries UPDATE,
 * DELETE and TRUNCATE (each must be refused), and the owner tries them too
 * (the append-only trigger refuses). Rows are written as the application
 * role, the first thousand through the API's own writer from concurrent
 * clients (as many again into a database migrated only to 02, without the
 * chain, for what the chain costs a request), the rest in bulk; the hash
 * chain is verified; then a superuser
 * changes one row's content (trigger disabled) and removes another, and the
 * verifier must name exactly that row and that hole.
 */
import { randomUUID } from 'node:crypto'
import * as E from 'fp-ts/Either'
import { Migrator, sql, type Kysely } from 'kysely'
import { auditWriterOver } from '../../api/audit/audit-store'
import { seededRng } from '../../fixtures/city/prng'
import { verifyAuditChain } from '../../storage/audit/verify-audit-chain'
import type { Database } from '../../storage/database/database'
import { openDatabase } from '../../storage/database/open-database'
import { MIGRATIONS } from '../../storage/migrations/index'
import { migrateToLatest } from '../../storage/migrations/migrate-to-latest'
import { insertInChunks } from './support/bulk-rows'
import { startPrivateCluster, type PrivateCluster } from './support/private-cluster'
import { Invariants, numberOption, printFigures, seconds, stringOption } from './support/report'

const APP_ROLE = 'ew_app'
const ISSUER = 'early-warning'
const WRITER_ROWS = 1000

const codeOf = (error: unknown): string => String((error as { code?: unknown } | null)?.code ?? 'none')

/** The SQLSTATE each of UPDATE, DELETE, TRUNCATE fails with ('accepted' if one is not refused). */
const tryToAlter = async (db: Kysely<Database>): Promise<readonly string[]> => {
  const attempts = [
    () => sql`UPDATE audit_event SET outcome = 'denied' WHERE chain_seq = 1`.execute(db),
    () => sql`DELETE FROM audit_event WHERE chain_seq = 2`.execute(db),
    () => sql`TRUNCATE audit_event`.execute(db),
  ]
  const codes: string[] = []
  for (const attempt of attempts) {
    try {
      await attempt()
      codes.push('accepted')
    } catch (error) {
      codes.push(codeOf(error))
    }
  }
  return codes
}

/** Bulk rows as the application: one statement per 10,000, the chain trigger firing per row. */
const bulkInsert = (db: Kysely<Database>, rows: number): Promise<void> =>
  insertInChunks(db, rows, 10_000, (trx, first, last) =>
    sql`
      INSERT INTO audit_event (at, sub, role, route, child_ids, outcome, purpose, request_id)
      SELECT clock_timestamp(), 'user' || (g % 97), 'mash', 'GET /children/:childId/flags',
             ARRAY['C' || lpad(((g::bigint * 7919) % 100000)::text, 7, '0')], 'ok',
             CASE WHEN g % 3 = 0 THEN 'triage' END, md5(g::text)
      FROM generate_series(${first}::int, ${last}::int) g
    `.execute(trx),
  )

const openAs = async (cluster: PrivateCluster, user: string, database = 'ew_l4'): Promise<Kysely<Database>> =>
  (await openDatabase({ databaseUrl: cluster.url(database).replace('postgres@', `${user}@`), onPoolError: () => undefined })).db

/** `rows` audit rows through the API's own writer, 8 at a time; resolves with the milliseconds taken. */
const writeThroughApi = async (db: Kysely<Database>, rows: number): Promise<number> => {
  const write = auditWriterOver(db, ISSUER)
  const started = performance.now()
  let next = 0
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let i = next++; i < rows; i = next++) {
        await write({
          occurredAt: new Date().toISOString(),
          sub: `user${i % 13}`,
          iss: ISSUER,
          role: 'mash',
          method: 'GET',
          route: '/children/:childId/flags',
          childIds: [`C${String(i).padStart(7, '0')}`],
          cohort: null,
          outcome: 'ok',
          purpose: null,
          requestId: randomUUID(),
        })
      }
    }),
  )
  return performance.now() - started
}

/** The same writer against the schema before the chain (migration 02): what the chain costs a request. */
const writerWithoutChain = async (cluster: PrivateCluster, rows: number): Promise<number> => {
  await cluster.createDatabase('ew_l4_plain')
  const db = await openAs(cluster, 'postgres', 'ew_l4_plain')
  try {
    const migrator = new Migrator({ db, provider: { getMigrations: async () => ({ ...MIGRATIONS }) }, migrationTableSchema: 'public' })
    const { error } = await migrator.migrateTo('2026-11-25-02-append-only-audit')
    if (error !== undefined) throw new Error('migration to 02 failed')
    return await writeThroughApi(db, rows)
  } finally {
    await db.destroy()
  }
}

const main = async (): Promise<void> => {
  const args = process.argv.slice(2)
  const rows = numberOption(args, 'rows', 100_000)
  const rng = seededRng(stringOption(args, 'seed', 'l4'))
  const cluster = await startPrivateCluster()
  try {
    await cluster.createDatabase('ew_l4')
    const owner = await openAs(cluster, 'postgres')
    const migrated = await migrateToLatest(owner)
    if (E.isLeft(migrated)) throw new Error(migrated.left.message)
    await sql`CREATE ROLE ${sql.id(APP_ROLE)} LOGIN`.execute(owner)
    await sql`GRANT USAGE ON SCHEMA public TO ${sql.id(APP_ROLE)}`.execute(owner)
    await sql`GRANT SELECT, INSERT ON audit_event TO ${sql.id(APP_ROLE)}`.execute(owner)
    const app = await openAs(cluster, APP_ROLE)

    // Rows through the API's writer, 8 at a time, then in bulk.
    const writerRows = Math.min(WRITER_ROWS, rows)
    const writerMs = await writeThroughApi(app, writerRows)
    const plainWriterMs = await writerWithoutChain(cluster, writerRows)
    const bulkStarted = performance.now()
    await bulkInsert(app, Math.max(0, rows - WRITER_ROWS))
    const bulkMs = performance.now() - bulkStarted

    const appCodes = await tryToAlter(app)
    const ownerCodes = await tryToAlter(owner)

    const verifyStarted = performance.now()
    const clean = await verifyAuditChain(app)
    const verifyMs = performance.now() - verifyStarted

    // The superuser's tampering: one row's content changed, another row removed.
    const tamperedSeq = 2 + Math.floor(rng() * (rows - 3))
    let removedSeq = 2 + Math.floor(rng() * (rows - 3))
    if (removedSeq === tamperedSeq) removedSeq = tamperedSeq === 2 ? 3 : tamperedSeq - 1
    const tampered = await owner.transaction().execute(async (trx) => {
      await sql`ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update_or_delete`.execute(trx)
      const { rows: changed } = await sql<{ id: string }>`
        UPDATE audit_event SET sub = 'someone-else' WHERE chain_seq = ${tamperedSeq} RETURNING id
      `.execute(trx)
      await sql`DELETE FROM audit_event WHERE chain_seq = ${removedSeq}`.execute(trx)
      await sql`ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update_or_delete`.execute(trx)
      return changed[0]?.id ?? ''
    })
    const after = await verifyAuditChain(app)
    await app.destroy()
    await owner.destroy()

    const invariants = new Invariants()
    invariants.check(appCodes.every((c) => c === '42501'), `the application role's UPDATE/DELETE/TRUNCATE answered ${appCodes.join('/')}`)
    invariants.check(ownerCodes.every((c) => c === '42501'), `the owner's UPDATE/DELETE/TRUNCATE answered ${ownerCodes.join('/')}`)
    invariants.check(clean.rows === rows && clean.mismatches.length === 0 && clean.gaps.length === 0, `the untouched chain did not verify: ${JSON.stringify({ rows: clean.rows, mismatches: clean.mismatches.length, gaps: clean.gaps.length })}`)
    const foundTamper = after.mismatches.length === 1 && after.mismatches[0]?.id === tampered
    const foundHole = after.gaps.length === 1 && after.gaps[0]?.from === String(removedSeq) && after.gaps[0]?.to === String(removedSeq)
    invariants.check(foundTamper, `the verifier reported ${JSON.stringify(after.mismatches)} for the row changed at ${tamperedSeq}`)
    invariants.check(foundHole, `the verifier reported holes ${JSON.stringify(after.gaps)} for the row removed at ${removedSeq}`)
    printFigures('L4 audit tamper resistance', `${rows} audit rows`, [
      ['app role UPDATE / DELETE / TRUNCATE', appCodes.join(' / ')],
      ['owner UPDATE / DELETE / TRUNCATE', ownerCodes.join(' / ')],
      [`${writerRows} rows via the API writer (8 clients)`, `${seconds(writerMs)} (${((writerRows / writerMs) * 1000).toFixed(0)} rows/s)`],
      ['the same without the chain (schema at migration 02)', `${seconds(plainWriterMs)} (${((writerRows / plainWriterMs) * 1000).toFixed(0)} rows/s)`],
      [`${Math.max(0, rows - WRITER_ROWS)} rows in bulk`, `${seconds(bulkMs)} (${((Math.max(0, rows - WRITER_ROWS) / Math.max(1, bulkMs)) * 1000).toFixed(0)} rows/s)`],
      ['chain verified', `${clean.rows} rows in ${seconds(verifyMs)}, ${clean.mismatches.length} mismatches, ${clean.gaps.length} holes`],
      ['content tampered / found', `1 / ${foundTamper ? 1 : 0} (reported: ${after.mismatches.map((m) => m.chainSeq).join(', ') || 'none'}; changed: ${tamperedSeq})`],
      ['row removed / hole found', `1 / ${foundHole ? 1 : 0} (reported: ${after.gaps.map((g) => `${g.from}-${g.to}`).join(', ') || 'none'}; removed: ${removedSeq})`],
    ])
    invariants.finish(`${clean.rows} rows verified in ${seconds(verifyMs)}; ${foundTamper ? 1 : 0}/1 tamper found; alterations denied ×${appCodes.filter((c) => c === '42501').length}`)
  } finally {
    await cluster.destroy()
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`audit-chain: ${(error as Error).stack ?? String(error)}\n`)
  process.exitCode = 2
})
