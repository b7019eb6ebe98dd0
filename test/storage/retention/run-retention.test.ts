import { randomBytes } from 'node:crypto'
import * as E from 'fp-ts/Either'
import { sql, type Kysely } from 'kysely'
import t from 'tap'
import { DEFAULT_RETENTION } from '../../../config/retention'
import { scoreChildren } from '../../../scoring/score-children'
import type { Database } from '../../../storage/database/database'
import type { RetentionTables } from '../../../storage/retention/retention-run.table'
import { runRetention, type Rescore } from '../../../storage/retention/run-retention'
import { childrenWithStaleEvidence } from '../../../storage/retention/stale-evidence'
import { openTestDatabase, testDatabaseUrl } from '../../helpers/database'
import { ingestBatch } from '../../../storage/ingest/ingest-batch'
import { batchOf, childLine, dumpCurrentState, missingLine } from '../synthetic-facts'
import { AS_OF, CANARY, compiledRules, EXPECTED, seedRetentionCity } from './retention-seed'

const rescoreWith =
  (db: Kysely<Database>): Rescore =>
  (childIds) =>
    scoreChildren(db, compiledRules(), childIds, { asOf: AS_OF, evaluatedAt: `${AS_OF}T03:00:00.000Z` })

const options = (dryRun: boolean) => ({ asOf: AS_OF, startedAt: `${AS_OF}T03:00:00.000Z`, dryRun })

const heldSourceIds = async (db: Kysely<Database>): Promise<readonly string[]> =>
  (await db.selectFrom('fact_version').select('source_id').distinct().orderBy('source_id').execute()).map((r) => r.source_id)

const rowsFor = async (db: Kysely<Database>, table: 'flag_state' | 'flag_event' | 'child_score' | 'cohort_member' | 'cohort_event', childId: string): Promise<number> => {
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)} WHERE child_id = ${childId}`.execute(db)
  return rows[0]?.n ?? 0
}

const everything = async (db: Kysely<Database>): Promise<unknown> => ({
  state: await dumpCurrentState(db),
  versions: await sql`SELECT id FROM fact_version ORDER BY id`.execute(db).then((r) => r.rows),
  flags: await sql`SELECT child_id, rule_id, evidence FROM flag_state ORDER BY 1, 2`.execute(db).then((r) => r.rows),
  events: await sql`SELECT id FROM flag_event ORDER BY id`.execute(db).then((r) => r.rows),
  cohorts: await sql`SELECT id FROM cohort_event ORDER BY id`.execute(db).then((r) => r.rows),
  audit: await sql`SELECT id FROM audit_event ORDER BY id`.execute(db).then((r) => r.rows),
})

t.test('a dry run counts exactly what a run deletes, and deletes nothing', async (t) => {
  const db = await openTestDatabase(t)
  await seedRetentionCity(db)
  const before = await everything(db)
  const dry = await runRetention(db, DEFAULT_RETENTION, options(true), async () => t.fail('a dry run scores nobody') as never)
  t.same(await everything(db), before, 'nothing changed')
  t.equal(dry.runId, null, 'nothing recorded')
  const run = await runRetention(db, DEFAULT_RETENTION, options(false), rescoreWith(db))
  t.same(run.counts, dry.counts, 'the run deleted what the dry run counted')
})

t.test('records past their period go, with every version; the rest stay', async (t) => {
  const db = await openTestDatabase(t)
  await seedRetentionCity(db)
  const agedFlags = await rowsFor(db, 'flag_state', 'C-AGED')
  const agedEvents = await rowsFor(db, 'flag_event', 'C-AGED')
  t.ok(agedFlags > 0 && agedEvents > 0, 'the aged-out child had stored flags')
  t.ok((await childrenWithStaleEvidence(db)).length === 0, 'no stale evidence before the run')

  const run = await runRetention(db, DEFAULT_RETENTION, options(false), rescoreWith(db))
  const { counts } = run
  t.equal(counts.facts, EXPECTED.facts)
  t.equal(counts.rows.fact_version, EXPECTED.versions, 'all versions of each fact')
  t.same(counts.factsByReason, EXPECTED.byReason)
  t.same(counts.factsByKind, EXPECTED.byKind)
  t.equal(counts.unmatched, 1)
  t.equal(counts.rows.child, EXPECTED.children)
  t.equal(counts.rows.child_identifier, 1, "the aged-out child's UPN")
  t.equal(counts.rows.flag_state, agedFlags)
  t.equal(counts.rows.child_score, 1)
  t.equal(counts.rows.cohort_member, 1)
  t.equal(counts.rows.audit_event, EXPECTED.audit)

  const held = await heldSourceIds(db)
  for (const id of EXPECTED.erased) t.notOk(held.includes(id), `${id} erased`)
  for (const id of EXPECTED.kept) t.ok(held.includes(id), `${id} kept`)
  for (const table of ['flag_state', 'flag_event', 'child_score', 'cohort_member', 'cohort_event'] as const)
    t.equal(await rowsFor(db, table, 'C-AGED'), 0, `nothing about the aged-out child in ${table}`)
  t.same(
    (await db.selectFrom('child').select('child_id').orderBy('child_id').execute()).map((r) => r.child_id),
    ['C-KEEP', 'C-STAYS'],
  )
  const audit = await sql<{ at: string }>`SELECT at FROM audit_event ORDER BY chain_seq`.execute(db)
  t.same(audit.rows.map((r) => r.at), ['2020-11-24T00:00:00.000Z', '2026-11-01T10:00:00.000Z'], 'the audit log past six years, as a prefix')

  t.equal(run.rescored, 1, 'the child who lost facts is scored again')
  t.same(await childrenWithStaleEvidence(db), [], 'no stored flag cites an erased fact')
  const keepScore = await db.selectFrom('child_score').select('as_of').where('child_id', '=', 'C-KEEP').executeTakeFirstOrThrow()
  t.equal(keepScore.as_of, AS_OF)

  const recorded = await db.withTables<RetentionTables>().selectFrom('retention_run').selectAll().execute()
  t.equal(recorded.length, 1)
  t.match(recorded[0], { id: run.runId, status: 'completed', rescored: 1, as_of: AS_OF })
  t.same(recorded[0]?.counts, JSON.parse(JSON.stringify(counts)), 'the run record holds the counts')
  const text = JSON.stringify(recorded)
  for (const secret of [CANARY.givenName, CANARY.familyName, CANARY.dateOfBirth, CANARY.upn, 'C-KEEP', 'C-AGED', 'M-OLD', 'U-OLD'])
    t.notOk(text.includes(secret), `the run record does not hold ${secret}`)
})

t.test('a second run deletes nothing; nothing past retention remains', async (t) => {
  const db = await openTestDatabase(t)
  await seedRetentionCity(db)
  const first = await runRetention(db, DEFAULT_RETENTION, options(false), rescoreWith(db))
  const after = await everything(db)
  const second = await runRetention(db, DEFAULT_RETENTION, options(false), rescoreWith(db))
  t.equal(second.counts.facts, 0)
  t.ok(Object.values(second.counts.rows).every((n) => n === 0), 'no row of any table')
  t.equal(second.rescored, 0)
  t.same(await everything(db), after, 'the second run changed nothing')
  t.comment(`R9: deleted ${first.counts.facts} facts (${first.counts.rows.fact_version} versions), 0 remaining, second run deleted 0`)
})

t.test('a run stopped after erasing is repaired by the next: stale evidence is scored again', async (t) => {
  const db = await openTestDatabase(t)
  await seedRetentionCity(db)
  const interrupted = await runRetention(db, DEFAULT_RETENTION, options(false), async () => 0)
  t.equal(interrupted.counts.toRescore, 1)
  t.same(await childrenWithStaleEvidence(db), ['C-KEEP'], "C-KEEP's stored flag still cites M-OLD")
  const next = await runRetention(db, DEFAULT_RETENTION, options(false), rescoreWith(db))
  t.equal(next.counts.facts, 0, 'nothing more to erase')
  t.equal(next.rescored, 1, 'but the stale child is scored again')
  t.same(await childrenWithStaleEvidence(db), [])
})

t.test('periods are configuration: a longer period keeps what the default erases', async (t) => {
  const db = await openTestDatabase(t)
  await seedRetentionCity(db)
  const long = { _tag: 'Period', years: 10, months: 0, days: 0, text: 'P10Y' } as const
  const policy = {
    ...DEFAULT_RETENTION,
    kinds: { ...DEFAULT_RETENTION.kinds, missing_episode: long, drug_intelligence: long, exclusion: long },
  }
  const run = await runRetention(db, policy, options(false), rescoreWith(db))
  t.same(run.counts.factsByReason, { period: 0, child: 4, unmatched: 1 })
  const held = await heldSourceIds(db)
  for (const id of ['M-OLD', 'D-OLD', 'W-OLD']) t.ok(held.includes(id), `${id} kept`)
})

t.test("a withdrawn child record past its period takes the child's flags, history and score with it", async (t) => {
  const db = await openTestDatabase(t)
  const ingested = async (lines: Parameters<typeof batchOf>[0], receivedAt: string): Promise<void> => {
    const result = await ingestBatch(db, batchOf(lines), { receivedAt, label: 'test' })
    if (E.isLeft(result)) throw new Error('the batch was refused')
  }
  // Born 2012: in scope. Its record is withdrawn on 2024-01-02, before the child period's cutoff (2024-11-24).
  await ingested(
    [
      childLine({ childId: 'C-GONE', dateOfBirth: '2012-05-17', recordedAt: '2023-09-01T09:00:00Z' }),
      missingLine({ sourceId: 'M-GONE', subject: { childId: 'C-GONE' }, start: '2023-09-20T18:00:00Z', end: '2023-09-21T08:00:00Z', recordedAt: '2023-09-22T09:00:00Z' }),
    ],
    '2023-09-22T10:00:00.000Z',
  )
  await scoreChildren(db, compiledRules(), ['C-GONE'], { asOf: '2023-10-01', evaluatedAt: '2023-10-01T20:00:00.000Z' })
  t.ok((await rowsFor(db, 'flag_state', 'C-GONE')) > 0 && (await rowsFor(db, 'child_score', 'C-GONE')) > 0, 'scored while held')
  await ingested([childLine({ childId: 'C-GONE', withdrawn: true, recordedAt: '2024-01-02T09:00:00Z' })], '2024-01-02T10:00:00.000Z')

  const run = await runRetention(db, DEFAULT_RETENTION, options(false), rescoreWith(db))
  t.equal(run.counts.rows.child_score, 1, "the withdrawn child's score is erased")
  for (const table of ['flag_state', 'flag_event', 'child_score'] as const) t.equal(await rowsFor(db, table, 'C-GONE'), 0, `no ${table} row left`)
  t.same(await heldSourceIds(db), [], 'its record and its (unmatched, past their period) fact are gone')
  t.same(await childrenWithStaleEvidence(db), [], 'no stored evidence names an erased record')
  const again = await runRetention(db, DEFAULT_RETENTION, options(false), rescoreWith(db))
  t.ok(Object.values(again.counts.rows).every((n) => n === 0), 'a second run erases nothing more')
})

t.test(
  'as a role that may not delete audit rows (RELIABILITY §5), the rest is erased and the audit rows due are counted, not deleted',
  { skip: testDatabaseUrl() === undefined ? 'database roles: the PostgreSQL server only' : false },
  async (t) => {
    const db = await openTestDatabase(t)
    await seedRetentionCity(db)
    const role = `ew_no_audit_delete_${randomBytes(4).toString('hex')}`
    const schema = (await sql<{ s: string }>`SELECT current_schema() AS s`.execute(db)).rows[0]?.s ?? ''
    await sql`CREATE ROLE ${sql.id(role)}`.execute(db)
    t.teardown(async () => {
      await sql`DROP OWNED BY ${sql.id(role)}`.execute(db)
      await sql`DROP ROLE ${sql.id(role)}`.execute(db)
    })
    await sql`GRANT USAGE ON SCHEMA ${sql.id(schema)} TO ${sql.id(role)}`.execute(db)
    await sql`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${sql.id(schema)} TO ${sql.id(role)}`.execute(db)
    await sql`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${sql.id(schema)} TO ${sql.id(role)}`.execute(db)
    await sql`REVOKE UPDATE, DELETE ON audit_event FROM ${sql.id(role)}`.execute(db)
    const asRole = (dryRun: boolean) =>
      db.connection().execute(async (conn) => {
        await sql`SET ROLE ${sql.id(role)}`.execute(conn)
        try {
          return await runRetention(conn, DEFAULT_RETENTION, options(dryRun), async () => 0)
        } finally {
          await sql`RESET ROLE`.execute(conn)
        }
      })
    const dry = await asRole(true)
    t.equal(dry.counts.auditNotErased, EXPECTED.audit, 'the dry run counts the audit rows it could not delete')
    const run = await asRole(false)
    t.equal(run.counts.facts, EXPECTED.facts, 'the facts past their period are erased')
    t.equal(run.counts.rows.audit_event, 0)
    t.equal(run.counts.auditNotErased, EXPECTED.audit)
    t.equal((await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_event`.execute(db)).rows[0]?.n, 4, 'every audit row is still there')
    const owner = await runRetention(db, DEFAULT_RETENTION, options(false), rescoreWith(db))
    t.equal(owner.counts.rows.audit_event, EXPECTED.audit, 'the owner erases them')
    t.equal(owner.counts.auditNotErased, 0)
  },
)
