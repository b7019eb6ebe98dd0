/**
 * The audit writer: every request waits for its own row, rows of requests
 * that overlap are written by one statement (group commit), a failed write
 * fails exactly the requests whose rows it carried, and on a real database
 * the rows written together still form an unbroken hash chain.
 */
import t from 'tap'
import { randomUUID } from 'node:crypto'
import type { AuditEntry } from '../../../api/audit/audit-entry'
import { auditWriterOver, batchedWriter } from '../../../api/audit/audit-store'
import { verifyAuditChain } from '../../../storage/audit/verify-audit-chain'
import { openTestDatabase } from '../../helpers/database'
import { TEST_ISSUER } from '../helper'

const entry = (n: number): AuditEntry => ({
  occurredAt: new Date(Date.UTC(2026, 10, 24, 10, 0, 0, n)).toISOString(),
  sub: `user-${n}`,
  iss: TEST_ISSUER,
  role: 'mash',
  method: 'GET',
  route: '/children/:childId/flags',
  childIds: [`C${String(n).padStart(7, '0')}`],
  cohort: null,
  outcome: 'ok',
  purpose: null,
  requestId: randomUUID(),
})

t.test('one write in flight; what arrives meanwhile goes in the next, in arrival order', async (t) => {
  const writes: string[][] = []
  let release: () => void = () => undefined
  const write = batchedWriter(async (entries) => {
    writes.push(entries.map((e) => e.sub ?? ''))
    if (writes.length === 1) await new Promise<void>((resolve) => (release = resolve))
  })
  const first = write(entry(1))
  const rest = [2, 3, 4].map((n) => write(entry(n)))
  let restDone = false
  void Promise.all(rest).then(() => (restDone = true))
  await new Promise((resolve) => setImmediate(resolve))
  t.same(writes, [['user-1']], 'the first row is written at once, alone')
  t.notOk(restDone, 'the others wait for their own row, not only for the first')
  release()
  await first
  await Promise.all(rest)
  t.same(writes, [['user-1'], ['user-2', 'user-3', 'user-4']], 'then together, in order')
})

t.test('a failed write fails exactly its own requests', async (t) => {
  let calls = 0
  const write = batchedWriter(async () => {
    calls += 1
    if (calls === 1) throw Object.assign(new Error('insert refused'), { code: '42501' })
  })
  await t.rejects(write(entry(1)), { code: '42501' })
  await t.resolves(write(entry(2)), 'the next write is not affected')
})

t.test('no batch is larger than its cap', async (t) => {
  const sizes: number[] = []
  const write = batchedWriter(async (entries) => {
    sizes.push(entries.length)
    await new Promise((resolve) => setImmediate(resolve))
  }, 3)
  await Promise.all(Array.from({ length: 10 }, (_, i) => write(entry(i))))
  t.same(sizes, [1, 3, 3, 3], 'ten rows: one alone, then batches of at most three')
})

t.test('rows written together on a real database: every row stored, the chain unbroken', async (t) => {
  const db = await openTestDatabase(t)
  const write = auditWriterOver(db, TEST_ISSUER)
  await Promise.all(Array.from({ length: 40 }, (_, i) => write(entry(i))))
  const stored = await db.selectFrom('audit_event').select('sub').execute()
  t.same(stored.map((r) => r.sub).sort(), Array.from({ length: 40 }, (_, i) => `user-${i}`).sort())
  const chain = await verifyAuditChain(db)
  t.equal(chain.rows, 40)
  t.same(chain.mismatches, [])
  t.same(chain.gaps, [])
})
