import * as E from 'fp-ts/Either'
import { sql, type Kysely } from 'kysely'
import t from 'tap'
import { MIGRATIONS } from '../../../storage/migrations/index'
import { migrateToLatest } from '../../../storage/migrations/migrate-to-latest'
import { openEmptyTestDatabase } from '../../helpers/database'
import { migrateTo } from './migrate-to'

const BEFORE = '2026-11-25-07-score-pending'

/** Versions as the ingest before this migration wrote them: the hash computed in the insert. */
const insertAsBefore = (db: Kysely<any>, sourceId: string, content: string) => sql`
  INSERT INTO fact_version (source, source_id, kind, recorded_at, withdrawn, content, version_hash, is_current,
                            subject_type, subject_value, child_id, ingest_run_id, received_at)
  SELECT 'police', ${sourceId}, 'missing_episode', now(), false, c, md5(c::text)::uuid, true, 'childId', 'C1', NULL, 1, now()
  FROM (SELECT ${content}::jsonb AS c) AS v
`.execute(db)

const hashes = async (db: Kysely<any>) =>
  (await sql<{ source_id: string; version_hash: string }>`SELECT source_id, version_hash FROM fact_version ORDER BY source_id`.execute(db)).rows

t.test('versions stored before keep their hashes, and the same version is still refused twice', async (t) => {
  const { db } = await openEmptyTestDatabase(t)
  await migrateTo(db, BEFORE)
  await insertAsBefore(db, 'a', '{"z": 1, "a": [1, 2.50, {"k": "v"}], "name": "Zoë ✓", "s": "tab\\there"}')
  await insertAsBefore(db, 'b', '{"b": true, "a": null}')
  const before = await hashes(db)

  t.same(await migrateToLatest(db), E.right({ applied: Object.keys(MIGRATIONS).filter((name) => name > BEFORE) }))
  t.same(await hashes(db), before, 'every hash as it was')
  await t.rejects(
    sql`INSERT INTO fact_version (source, source_id, kind, recorded_at, withdrawn, content, is_current, subject_type, subject_value, ingest_run_id, received_at)
        VALUES ('police', 'b', 'missing_episode', now(), false, '{"a": null, "b": true}', false, 'childId', 'C1', 2, now())`.execute(db),
    { code: '23505' },
    'the same content (keys in another order) is the same version',
  )
  await t.rejects(
    sql`UPDATE fact_version SET version_hash = gen_random_uuid()`.execute(db),
    { code: '428C9' },
    'the hash is the database’s to compute',
  )

  await migrateTo(db, BEFORE)
  t.same(await hashes(db), before, 'and again after going back down')
  await insertAsBefore(db, 'c', '{"c": 3}')
  t.equal((await hashes(db)).length, 3, 'down again, a write gives the hash itself')
})
