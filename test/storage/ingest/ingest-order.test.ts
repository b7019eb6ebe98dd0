import fc from 'fast-check'
import * as E from 'fp-ts/Either'
import t from 'tap'
import { ingestBatch, ingestChunks } from '../../../storage/ingest/ingest-batch'
import { openTestDatabase } from '../../helpers/database'
import { batchOf, childLine, dumpCurrentState, missingLine, upnOf } from '../synthetic-facts'

// Versions, corrections, withdrawals and links; no two children ever claim one identifier.
const POOL = [
  childLine({ childId: 'C1', upn: upnOf(1), recordedAt: '2024-05-01T09:00:00Z' }),
  childLine({ childId: 'C1', locality: 'South', recordedAt: '2024-05-03T09:00:00Z' }),
  childLine({ childId: 'C2', recordedAt: '2024-05-01T09:00:00Z' }),
  childLine({ childId: 'C2', withdrawn: true, recordedAt: '2024-05-04T09:00:00Z' }),
  missingLine({ sourceId: 'M1', subject: { upn: upnOf(1) }, recordedAt: '2024-05-01T09:00:00Z' }),
  missingLine({ sourceId: 'M1', subject: { upn: upnOf(1) }, end: '2024-04-21T00:00:00Z', recordedAt: '2024-05-02T09:00:00Z' }),
  missingLine({ sourceId: 'M2', subject: { childId: 'C2' }, recordedAt: '2024-05-01T09:00:00Z' }),
  missingLine({ sourceId: 'M2', subject: { childId: 'C2' }, withdrawn: true, recordedAt: '2024-05-02T09:00:00Z' }),
  missingLine({ sourceId: 'M3', subject: { childId: 'C1' }, recordedAt: '2024-05-02T09:00:00Z' }),
  missingLine({ sourceId: 'M4', subject: { childId: 'C9' }, recordedAt: '2024-05-02T09:00:00Z' }),
]

const deliveries = fc
  .array(fc.nat({ max: POOL.length - 1 }), { minLength: 1, maxLength: 14 })
  .chain((picks) => fc.tuple(fc.constant(picks), fc.array(fc.nat({ max: picks.length }), { maxLength: 3 })))

t.test('the stored state depends on which lines arrived, not on their order or batching', async (t) => {
  await fc.assert(
    fc.asyncProperty(deliveries, async ([picks, cuts]) => {
      const lines = picks.map((i) => POOL[i] ?? {})
      const bounds = [0, ...[...new Set(cuts)].sort((a, b) => a - b), lines.length]
      const batches = bounds.slice(1).map((end, i) => lines.slice(bounds[i], end)).filter((b) => b.length > 0)

      const delivered = await openTestDatabase(t)
      for (const batch of batches) {
        t.ok(E.isRight(await ingestBatch(delivered, batchOf(batch), { receivedAt: '2024-06-01T08:00:00.000Z' })))
      }
      const reference = await openTestDatabase(t)
      const sorted = [...new Set(picks)].sort((a, b) => a - b).map((i) => POOL[i] ?? {})
      t.ok(E.isRight(await ingestBatch(reference, batchOf(sorted), { receivedAt: '2024-06-01T08:00:00.000Z' })))
      t.same(await dumpCurrentState(delivered), await dumpCurrentState(reference))
    }),
    { numRuns: 8 },
  )
})

// Chunks are read ahead (the held versions of chunk k+2 are asked for while chunk k is stored), except
// where chunks share a fact: a fact's lines one or two chunks apart must still resolve as in one read.
const streams = fc.tuple(fc.array(fc.nat({ max: POOL.length - 1 }), { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 3 }))

t.test('a stream gives the state of one read whole, whatever the chunk size and however far apart a fact’s lines are', async (t) => {
  await fc.assert(
    fc.asyncProperty(streams, async ([picks, size]) => {
      const facts = batchOf(picks.map((i) => POOL[i] ?? {}))
      const streamed = await openTestDatabase(t)
      const chunks = (function* () {
        for (let from = 0; from < facts.length; from += size) yield facts.slice(from, from + size)
      })()
      t.ok(E.isRight(await ingestChunks(streamed, chunks, { receivedAt: '2024-06-01T08:00:00.000Z' })))
      const whole = await openTestDatabase(t)
      t.ok(E.isRight(await ingestBatch(whole, facts, { receivedAt: '2024-06-01T08:00:00.000Z' })))
      t.same(await dumpCurrentState(streamed), await dumpCurrentState(whole))
    }),
    { numRuns: 8 },
  )
})
