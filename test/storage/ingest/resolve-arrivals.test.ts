import fc from 'fast-check'
import t from 'tap'
import type { NumberedFact } from '../../../engine/batch/decode-batch'
import { currentVersions } from '../../../engine/versions/current-version'
import { resolveArrivals } from '../../../storage/ingest/resolve-arrivals'
import { batchOf, missingLine } from '../synthetic-facts'

// Versions of one fact: two share a recordedAt (tie broken by canonical JSON), one is a withdrawal.
const VERSIONS = batchOf([
  missingLine({ sourceId: 'M1', subject: { childId: 'C1' }, recordedAt: '2024-05-02T09:00:00Z' }),
  missingLine({ sourceId: 'M1', subject: { childId: 'C1' }, recordedAt: '2024-05-03T09:00:00Z' }),
  missingLine({ sourceId: 'M1', subject: { childId: 'C1' }, end: '2024-04-21T00:00:00Z', recordedAt: '2024-05-03T09:00:00Z' }),
  missingLine({ sourceId: 'M1', subject: { childId: 'C1' }, end: '2024-04-22T00:00:00Z', recordedAt: '2024-05-04T09:00:00Z' }),
  missingLine({ sourceId: 'M1', subject: { childId: 'C1' }, withdrawn: true, recordedAt: '2024-05-05T09:00:00Z' }),
]).map((v) => v.fact)

const arrivalsArb = fc
  .array(fc.constantFrom(...VERSIONS), { minLength: 1, maxLength: 8 })
  .map((facts): NumberedFact[] => facts.map((fact, i) => ({ line: i + 1, fact })))
const heldArb = fc.option(fc.constantFrom(...VERSIONS), { nil: undefined })

const sortedOutcomes = (outcomes: readonly string[]): string[] => [...outcomes].sort()

t.test('every line gets exactly one outcome', async (t) => {
  fc.assert(
    fc.property(heldArb, arrivalsArb, (held, arrivals) => {
      const r = resolveArrivals(held, arrivals)
      return r.toStore.length + r.resent.length === arrivals.length
    }),
  )
})

t.test('the new current version is the latest of everything ever received', async (t) => {
  fc.assert(
    fc.property(heldArb, arrivalsArb, (held, arrivals) => {
      const r = resolveArrivals(held, arrivals)
      const latest = [...currentVersions([...(held === undefined ? [] : [held]), ...arrivals.map((a) => a.fact)]).values()][0]
      const current = r.newCurrent?.fact ?? held
      t.same(current, latest)
    }),
  )
})

t.test('outcomes do not depend on the order of the lines', async (t) => {
  fc.assert(
    fc.property(heldArb, arrivalsArb.chain((a) => fc.tuple(fc.constant(a), fc.shuffledSubarray(a, { minLength: a.length }))), (held, [a, b]) => {
      const ra = resolveArrivals(held, a)
      const rb = resolveArrivals(held, b)
      t.same(sortedOutcomes([...ra.resent, ...ra.toStore.map((s) => s.outcome)]), sortedOutcomes([...rb.resent, ...rb.toStore.map((s) => s.outcome)]))
      t.same(ra.newCurrent?.fact, rb.newCurrent?.fact)
      t.equal(ra.contentChanged, rb.contentChanged)
    }),
  )
})

t.test('the exact held version sent again stores nothing', async (t) => {
  const [v] = VERSIONS
  if (v === undefined) throw new Error('no versions')
  const r = resolveArrivals(v, [{ line: 1, fact: v }])
  t.same(r, { toStore: [], resent: ['unchanged'], newCurrent: undefined, contentChanged: false, line: 1 })
})

t.test('a newer recordedAt with the same content becomes current but changes nothing', async (t) => {
  const [v1, v2] = VERSIONS
  if (v1 === undefined || v2 === undefined) throw new Error('no versions')
  const r = resolveArrivals(v1, [{ line: 4, fact: v2 }])
  t.same(r.toStore.map((s) => s.outcome), ['unchanged'])
  t.equal(r.newCurrent?.fact, v2)
  t.equal(r.contentChanged, false)
})

t.test('an old version sent twice in one batch is stored once', async (t) => {
  const [v1, , , v4] = VERSIONS
  if (v1 === undefined || v4 === undefined) throw new Error('no versions')
  const r = resolveArrivals(v4, [
    { line: 1, fact: v1 },
    { line: 2, fact: v1 },
  ])
  t.same(r.toStore.map((s) => [s.arrival.line, s.outcome]), [[1, 'superseded']])
  t.same(r.resent, ['unchanged'])
})

t.test('law: no version is stored twice', async (t) => {
  fc.assert(
    fc.property(heldArb, arrivalsArb, (held, arrivals) => {
      const stored = resolveArrivals(held, arrivals).toStore.map((s) => JSON.stringify(s.arrival.fact))
      return new Set(stored).size === stored.length && (held === undefined || !stored.includes(JSON.stringify(held)))
    }),
  )
})
