/**
 * The audit index's upkeep: a merge of the pending list starts once enough
 * childIds have been committed, never two at a time, a failed one is only
 * reported, and on a real database the merge leaves every row findable by
 * child through the index while the writer's rows count towards the next.
 */
import t from 'tap'
import { randomUUID } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import type { AuditEntry } from '../../../api/audit/audit-entry'
import { mergeAuditChildIndex, pendingListUpkeep } from '../../../api/audit/audit-index-upkeep'
import { auditWriterOver } from '../../../api/audit/audit-store'
import type { Database } from '../../../storage/database/database'
import { openTestDatabase } from '../../helpers/database'
import { TEST_ISSUER } from '../helper'

const viewOf = (n: number, childIds: readonly string[]): AuditEntry => ({
  occurredAt: new Date(Date.UTC(2026, 10, 24, 10, 0, 0, n)).toISOString(),
  sub: `user-${n}`,
  iss: TEST_ISSUER,
  role: 'mash',
  method: 'GET',
  route: '/cohorts/:name',
  childIds,
  cohort: 'missing-pilot',
  outcome: 'ok',
  purpose: null,
  requestId: randomUUID(),
})

/** A merge that the test finishes when it chooses. */
const heldMerges = () => {
  const releases: (() => void)[] = []
  return {
    started: () => releases.length,
    merge: () => new Promise<void>((resolve) => releases.push(resolve)),
    finish: async (i: number) => {
      releases[i]?.()
      await new Promise((resolve) => setImmediate(resolve))
    },
  }
}

t.test('a merge starts once enough childIds are written, and not while one runs', async (t) => {
  const held = heldMerges()
  const upkeep = pendingListUpkeep(held.merge, () => t.fail('no failure expected'), 10)
  upkeep.written(1)
  t.equal(held.started(), 1, 'the first write merges what the list held at start')
  await held.finish(0)
  upkeep.written(4)
  upkeep.written(5)
  t.equal(held.started(), 1, '9 of 10: no merge yet')
  upkeep.written(1)
  t.equal(held.started(), 2, 'the tenth starts one')
  upkeep.written(25)
  t.equal(held.started(), 2, 'none while it runs, however many are written')
  let settled = false
  const settling = upkeep.settled().then(() => (settled = true))
  await new Promise((resolve) => setImmediate(resolve))
  t.notOk(settled, 'settled waits for the running merge')
  await held.finish(1)
  await settling
  t.ok(settled)
  upkeep.written(1)
  t.equal(held.started(), 3, 'what was written during it counts towards the next')
  await held.finish(2)
})

t.test('a failed merge is reported, and the next threshold starts another', async (t) => {
  const failures: unknown[] = []
  let calls = 0
  const upkeep = pendingListUpkeep(
    async () => {
      calls += 1
      if (calls === 1) throw new Error('index busy')
    },
    (error) => failures.push(error),
    2,
  )
  upkeep.written(1)
  await upkeep.settled()
  t.equal(failures.length, 1)
  t.match(failures[0], { message: 'index busy' })
  upkeep.written(1)
  t.equal(calls, 1, 'counting starts again after a failure')
  upkeep.written(1)
  await upkeep.settled()
  t.equal(calls, 2)
  t.equal(failures.length, 1)
})

/** "Who viewed child X", read through the index only. */
const viewersOf = (db: Kysely<Database>, childId: string): Promise<readonly string[]> =>
  db.transaction().execute(async (trx) => {
    await sql`SET LOCAL enable_seqscan = off`.execute(trx)
    const { rows } = await sql<{ sub: string }>`
      SELECT sub FROM audit_event WHERE child_ids @> ARRAY[${childId}]::text[] ORDER BY sub
    `.execute(trx)
    return rows.map((r) => r.sub)
  })

t.test('on a real database the writer counts each row’s childIds, and a merge loses no row', async (t) => {
  const db = await openTestDatabase(t)
  const merges: Promise<void>[] = []
  const merge = mergeAuditChildIndex(db)
  const upkeep = pendingListUpkeep(
    () => {
      const run = merge()
      merges.push(run)
      return run
    },
    (error) => t.fail(`the merge failed: ${String(error)}`),
    5,
  )
  const write = auditWriterOver(db, TEST_ISSUER, upkeep)
  await write(viewOf(1, ['C1', 'C2']))
  t.equal(merges.length, 1, 'the first write merges what the list held')
  await upkeep.settled()
  await write(viewOf(2, ['C2', 'C3']))
  await write(viewOf(3, ['C1']))
  t.equal(merges.length, 1, 'three childIds since: no merge')
  await write(viewOf(4, ['C3', 'C4']))
  t.equal(merges.length, 2, 'the fifth starts one')
  await upkeep.settled()
  await write(viewOf(5, ['C3']))
  t.same(await viewersOf(db, 'C1'), ['user-1', 'user-3'])
  t.same(await viewersOf(db, 'C2'), ['user-1', 'user-2'])
  t.same(await viewersOf(db, 'C3'), ['user-2', 'user-4', 'user-5'])
  t.same(await viewersOf(db, 'C4'), ['user-4'])
  t.same(await viewersOf(db, 'C9'), [])
})
