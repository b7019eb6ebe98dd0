import fc from 'fast-check'
import t from 'tap'
import type { NumberedFact } from '../../../engine/batch/decode-batch'
import { factKey } from '../../../engine/facts/fact'
import { chunkByFact } from '../../../storage/ingest/chunk-by-fact'
import { batchOf, missingLine } from '../synthetic-facts'

const POOL = batchOf(
  Array.from({ length: 12 }, (_, i) => missingLine({ sourceId: `M${i % 5}`, subject: { childId: 'C1' }, recordedAt: `2024-05-0${1 + (i % 9)}T09:00:00Z` })),
).map((n) => n.fact)

t.test('chunks keep every line, keep each fact whole, and respect the size unless one fact is bigger', async (t) => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...POOL), { maxLength: 40 }), fc.integer({ min: 1, max: 7 }), (facts, size) => {
      const numbered: NumberedFact[] = facts.map((fact, i) => ({ line: i + 1, fact }))
      const chunks = chunkByFact(numbered, size)
      t.same(chunks.flat().map((n) => n.line).sort((a, b) => a - b), numbered.map((n) => n.line))
      const chunkOfKey = new Map<string, number>()
      chunks.forEach((chunk, i) => {
        const keys = new Set(chunk.map((n) => factKey(n.fact)))
        if (chunk.length > size) t.equal(keys.size, 1, 'only a single fact may overflow a chunk')
        for (const key of keys) {
          t.notOk(chunkOfKey.has(key) && chunkOfKey.get(key) !== i, 'a fact sits in one chunk')
          chunkOfKey.set(key, i)
        }
      })
    }),
    { numRuns: 50 },
  )
})
