import t from 'tap'
import { sql } from 'kysely'
import { openTestDatabase } from '../../helpers/database'

const insertOne = (db: Awaited<ReturnType<typeof openTestDatabase>>) =>
  db
    .insertInto('audit_event')
    .values({ sub: 'someone', role: 'mash', route: 'GET /children/:childId/flags', child_ids: ['C1'], outcome: 'ok', request_id: 'r1' })
    .execute()

t.test('the application can append to the audit log but not alter or erase it', async (t) => {
  const db = await openTestDatabase(t)
  await insertOne(db)
  await t.rejects(db.updateTable('audit_event').set({ outcome: 'tampered' }).execute(), /append-only/, 'UPDATE refused')
  await t.rejects(db.deleteFrom('audit_event').execute(), /append-only/, 'DELETE refused')
  await t.rejects(sql`TRUNCATE audit_event`.execute(db), /append-only/, 'TRUNCATE refused')
  const rows = await db.selectFrom('audit_event').select(['outcome']).execute()
  t.same(rows, [{ outcome: 'ok' }], 'the row is as written')
})

t.test('only a transaction that declares itself the retention job may delete', async (t) => {
  const db = await openTestDatabase(t)
  await insertOne(db)
  await db.transaction().execute(async (trx) => {
    await sql`SET LOCAL early_warning.audit_retention = 'on'`.execute(trx)
    await trx.deleteFrom('audit_event').execute()
  })
  t.equal((await db.selectFrom('audit_event').select('id').execute()).length, 0, 'deleted by retention')
  await insertOne(db)
  await t.rejects(db.deleteFrom('audit_event').execute(), /append-only/, 'the setting did not outlive its transaction')
})
