import * as E from 'fp-ts/Either'
import t from 'tap'
import { refreshStaleStatistics } from '../../../storage/facts/refresh-statistics'
import { ingestBatch } from '../../../storage/ingest/ingest-batch'
import { openTestDatabase } from '../../helpers/database'
import { batchOf, childLine, missingLine } from '../synthetic-facts'

t.test('tables never analyzed are analyzed once; fresh statistics are left alone', async (t) => {
  const db = await openTestDatabase(t)
  const lines = [childLine({ childId: 'C1' }), missingLine({ sourceId: 'M1', subject: { childId: 'C1' } })]
  t.ok(E.isRight(await ingestBatch(db, batchOf(lines), { receivedAt: '2024-06-01T08:00:00.000Z' })))
  t.same(await refreshStaleStatistics(db), ['child', 'child_identifier', 'child_score', 'fact_version', 'flag_state'])
  t.same(await refreshStaleStatistics(db), [], 'nothing changed since')
})
