import * as E from 'fp-ts/Either'
import { sql, type Kysely } from 'kysely'
import t from 'tap'
import { jsonbText } from '../../../storage/ingest/jsonb-text'
import { MIGRATIONS } from '../../../storage/migrations/index'
import { migrateToLatest } from '../../../storage/migrations/migrate-to-latest'
import { openEmptyTestDatabase } from '../../helpers/database'
import { migrateTo } from './migrate-to'

const BEFORE = '2026-11-25-08-version-hash-generated'

const insertVersion = (db: Kysely<any>, sourceId: string, content: string) => sql`
  INSERT INTO fact_version (source, source_id, kind, recorded_at, withdrawn, content, is_current,
                            subject_type, subject_value, child_id, ingest_run_id, received_at)
  VALUES ('police', ${sourceId}, 'missing_episode', now(), false, ${content}, true, 'childId', 'C1', NULL, 1, now())
`.execute(db)

const stored = async (db: Kysely<any>) =>
  (
    await sql<{ source_id: string; version_hash: string; text: string; type: string }>`
      SELECT source_id, version_hash, content::text AS text, pg_typeof(content)::text AS type FROM fact_version ORDER BY source_id
    `.execute(db)
  ).rows

const CONTENTS = {
  a: { z: 1, a: [1, 2.5, { k: 'v' }], name: 'Zoë ✓', s: 'quote " and \\ back', big: 1e21 },
  b: { b: true, a: null, nested: { bb: 2, a: 1 } },
}

t.test('content becomes json, in the text and with the hash each version had', async (t) => {
  const { db } = await openEmptyTestDatabase(t)
  await migrateTo(db, BEFORE)
  // Written as ingest wrote them before: any JSON text, made jsonb by the server.
  await insertVersion(db, 'a', JSON.stringify(CONTENTS.a))
  await insertVersion(db, 'b', JSON.stringify(CONTENTS.b))
  const before = await stored(db)
  t.same(before.map((r) => r.type), ['jsonb', 'jsonb'])

  t.same(await migrateToLatest(db), E.right({ applied: Object.keys(MIGRATIONS).filter((name) => name > BEFORE) }))
  const after = await stored(db)
  t.same(after.map((r) => r.type), ['json', 'json'])
  t.same(
    after.map(({ source_id, version_hash, text }) => ({ source_id, version_hash, text })),
    before.map(({ source_id, version_hash, text }) => ({ source_id, version_hash, text })),
    'every version keeps its text and its hash',
  )
  t.same(after.map((r) => r.text), [jsonbText(CONTENTS.a), jsonbText(CONTENTS.b)], 'the text ingest now writes itself')
  await t.rejects(insertVersion(db, 'b', jsonbText(CONTENTS.b)), { code: '23505' }, 'the same version, written now, is refused')
  await t.rejects(
    sql`UPDATE fact_version SET version_hash = gen_random_uuid()`.execute(db),
    { code: '428C9' },
    'the hash is still the database’s to compute',
  )

  await migrateTo(db, BEFORE)
  t.same(await stored(db), before, 'back to jsonb: the same texts and hashes')
})
