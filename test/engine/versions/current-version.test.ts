import t from 'tap'
import fc from 'fast-check'
import type { FactVersion } from '../../../engine/facts/fact'
import { classifyArrival, compareVersions, contentJson, currentFacts, currentVersions } from '../../../engine/versions/current-version'
import { canonicalJson } from '../../../engine/versions/canonical-json'

const version = (sourceId: string, recordedAt: string, code: string, withdrawn = false): FactVersion =>
  (withdrawn
    ? { kind: 'assessment_factor', source: 'social_care', sourceId, subject: { childId: 'C1' }, recordedAt, withdrawn: true }
    : { kind: 'assessment_factor', source: 'social_care', sourceId, subject: { childId: 'C1' }, recordedAt, code, identifiedOn: '2024-01-15' }) as FactVersion

const v1 = version('AF-1', '2024-03-01T10:00:00Z', '3B')
const v2 = version('AF-1', '2024-03-02T10:00:00Z', '3C')
const v2Same = version('AF-1', '2024-03-02T10:00:00Z', '3B')
const w3 = version('AF-1', '2024-03-03T10:00:00Z', '', true)

t.test('the latest recordedAt wins, compared as instants', async (t) => {
  t.ok(compareVersions(v2, v1) > 0)
  t.ok(compareVersions(v1, v2) < 0)
  // 10:30+01:00 is 09:30Z: earlier than v1's 10:00Z although its text sorts later.
  const early = version('AF-1', '2024-03-01T10:30:00+01:00', '4B')
  t.ok(compareVersions(early, v1) < 0)
  t.equal(currentVersions([v1, early]).get('social_care\u0000AF-1'), v1)
})

t.test('instants apart by less than a millisecond are not a tie: the later wins', async (t) => {
  // A feed writing seven fractional digits (.NET) can record a correction within the same millisecond.
  const first = version('AF-1', '2024-03-01T10:00:00.0002Z', '3B')
  const later = version('AF-1', '2024-03-01T10:00:00.0003Z', '3A')
  t.ok(canonicalJson(first) > canonicalJson(later), 'the tie-break would pick the earlier one')
  t.ok(compareVersions(later, first) > 0)
  t.equal(currentVersions([later, first]).get('social_care\u0000AF-1'), later)
  t.equal(classifyArrival(first, later), 'corrected')
  const sameInstant = [version('AF-1', '2024-03-01T10:00:00.0010000Z', '3B'), version('AF-1', '2024-03-01T10:00:00.001Z', '3A')] as const
  const [a, b] = sameInstant
  t.equal(Math.sign(compareVersions(a, b)), canonicalJson(a) > canonicalJson(b) ? 1 : -1, 'one instant written two ways is a tie: canonical JSON decides')
})

t.test('on a tie of recordedAt, the greater canonical JSON wins', async (t) => {
  t.ok(canonicalJson(v2) > canonicalJson(v2Same))
  t.ok(compareVersions(v2, v2Same) > 0)
  t.equal(currentVersions([v2, v2Same]).get('social_care\u0000AF-1'), v2)
  t.equal(currentVersions([v2Same, v2]).get('social_care\u0000AF-1'), v2)
  t.equal(compareVersions(v1, { ...v1 }), 0)
})

t.test('versions are grouped by (source, sourceId)', async (t) => {
  const other = version('AF-2', '2024-01-01T00:00:00Z', '1A')
  const otherSource = { ...v1, source: 'early_help' } as FactVersion
  t.equal(currentVersions([v1, v2, other, otherSource]).size, 3)
})

t.test('currentFacts leaves out facts whose current version is a withdrawal', async (t) => {
  t.strictSame(currentFacts([v1, w3, v2]), [])
  const other = version('AF-2', '2024-01-01T00:00:00Z', '1A')
  t.strictSame(currentFacts([w3, other, v1]), [other])
  // A withdrawal older than the current version changes nothing.
  const oldWithdrawal = version('AF-1', '2024-02-01T00:00:00Z', '', true)
  t.strictSame(currentFacts([v2, oldWithdrawal]), [v2])
})

const pool: readonly FactVersion[] = [
  v1,
  v2,
  v2Same,
  w3,
  version('AF-1', '2024-03-03T10:00:00Z', '5A'),
  version('AF-2', '2024-03-01T10:00:00Z', '1A'),
  version('AF-2', '2024-03-01T11:00:00+01:00', '1B'),
  version('AF-2', '2024-03-01T10:00:00.000Z', '1C'),
  version('AF-3', '2024-03-01T10:00:00Z', '', true),
]

const snapshot = (m: ReadonlyMap<string, FactVersion>): string =>
  canonicalJson([...m.entries()].sort(([a], [b]) => (a < b ? -1 : 1)))

t.test('the current versions do not depend on arrival order (property)', async (t) => {
  fc.assert(
    fc.property(fc.subarray([...pool]).chain((s) => fc.tuple(fc.constant(s), fc.shuffledSubarray(s, { minLength: s.length, maxLength: s.length }))), ([a, b]) =>
      snapshot(currentVersions(a)) === snapshot(currentVersions(b)),
    ),
  )
  t.pass('property held')
})

t.test('contentJson ignores recordedAt only', async (t) => {
  t.equal(contentJson(v1), contentJson({ ...v1, recordedAt: '2030-01-01T00:00:00Z' }))
  t.not(contentJson(v1), contentJson(v2))
})

t.test('classifyArrival', async (t) => {
  t.equal(classifyArrival(undefined, v1), 'inserted', 'a first version is inserted')
  t.equal(classifyArrival(undefined, w3), 'withdrawn', 'a withdrawal of an unknown fact is recorded as withdrawn')
  t.equal(classifyArrival(v1, v2), 'corrected', 'newer, different content')
  t.equal(classifyArrival(v1, { ...v1, recordedAt: '2024-03-05T00:00:00Z' }), 'unchanged', 'newer, same content')
  t.equal(classifyArrival(v2, v1), 'superseded', 'older than the current version')
  t.equal(classifyArrival(v2, w3), 'withdrawn', 'a newer withdrawal')
  t.equal(classifyArrival(w3, { ...w3, recordedAt: '2024-03-04T00:00:00Z' }), 'unchanged', 'a withdrawal withdrawn again')
  t.equal(classifyArrival(w3, version('AF-1', '2024-03-04T00:00:00Z', '3B')), 'corrected', 'a fact restored after a withdrawal')
  t.equal(classifyArrival(v2Same, v2), 'corrected', 'same recordedAt, greater canonical JSON')
  t.equal(classifyArrival(v2, v2Same), 'superseded', 'same recordedAt, smaller canonical JSON')
})

t.test('an identical re-send (same recordedAt, same content) is unchanged (SPEC §2, RELIABILITY.md R3)', async (t) => {
  t.equal(classifyArrival(v1, { ...v1 }), 'unchanged', 'a fact sent twice')
  t.equal(classifyArrival(w3, { ...w3 }), 'unchanged', 'a withdrawal sent twice')
  t.equal(classifyArrival(v1, { ...v1, recordedAt: '2020-01-01T00:00:00Z' }), 'unchanged', 'an older copy of the same content changes nothing')
})
