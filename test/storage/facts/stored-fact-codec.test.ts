/**
 * Stored rows are checked without decoding first (isStoredEnvelope, a
 * codec's `is`), and decoded only when the check refuses (to say why): the
 * two must accept the same values, or a bad row would pass unreported.
 */
import * as E from 'fp-ts/Either'
import fc from 'fast-check'
import t from 'tap'
import { decodeStoredChild, decodeStoredFact, isStoredEnvelope, StoredChildFields, StoredEnvelope } from '../../../storage/facts/stored-fact.codec'

const FACT = {
  kind: 'missing_episode',
  source: 'police',
  sourceId: 'M1',
  subject: { childId: 'C1' },
  recordedAt: '2024-05-01T09:00:00Z',
  start: '2024-04-30T21:00:00Z',
}

const CHILD = {
  kind: 'child',
  source: 'social_care',
  sourceId: 'SC-C1',
  subject: { childId: 'C1' },
  recordedAt: '2024-05-01T09:00:00+01:00',
  childId: 'C1',
  dateOfBirth: '2010-03-04',
  sex: 'F',
  locality: 'North',
  upn: 'A123456789012',
}

const KEYS = [
  'kind', 'source', 'sourceId', 'subject', 'recordedAt', 'withdrawn',
  'childId', 'dateOfBirth', 'sex', 'locality', 'ethnicity', 'givenName', 'upn', 'nhsNumber',
] as const

const ABSENT = Symbol('absent')

/** Values each field may be set to: right, wrong, empty, of another type, and absent. */
const VALUES: readonly unknown[] = [
  ABSENT, undefined, null, '', 'x', 42, true, false, {}, [], 'child', 'missing_episode', 'rumour', 'F', 'Q',
  '2024-02-30', '2010-03-04', '2024-05-01T09:00:00Z', '2024-05-01T25:00:00Z', '2024-05-01',
  { childId: 'C1' }, { upn: 'A1' }, { childId: '' }, { childId: 'C1', upn: 'A1' }, { name: 'C1' }, { childId: 7 },
  Object.create({ childId: 'C1' }) as unknown, Object.assign(Object.create({ upn: 'A1' }) as object, { childId: 'C1' }),
]

const mutated = (base: Record<string, unknown>) =>
  fc
    .array(fc.tuple(fc.constantFrom(...KEYS), fc.constantFrom(...VALUES)), { maxLength: 4 })
    .map((changes) => {
      const value: Record<string, unknown> = { ...base }
      for (const [key, v] of changes) {
        if (v === ABSENT) delete value[key]
        else value[key] = v
      }
      return value
    })

const anyRow = fc.oneof(mutated(FACT), mutated(CHILD), fc.constantFrom<unknown>(null, 'fact', 3, [], [FACT]))

t.test('is and decode agree on the envelope and on the child fields', async (t) => {
  fc.assert(
    fc.property(anyRow, (u) => {
      t.equal(isStoredEnvelope(u), E.isRight(StoredEnvelope.decode(u)), 'envelope')
      t.equal(StoredChildFields.is(u), E.isRight(StoredChildFields.decode(u)), 'child fields')
      return true
    }),
    { numRuns: 400 },
  )
})

t.test('the fast path passes the row itself; a bad row is still reported with its path', async (t) => {
  const decoded = decodeStoredFact(FACT)
  t.equal(E.isRight(decoded) ? decoded.right : undefined, FACT, 'the same object, not a copy')
  t.ok(E.isRight(decodeStoredChild(CHILD)))
  t.ok(E.isLeft(decodeStoredChild(FACT)), 'a fact is not a child record')
  t.ok(E.isLeft(decodeStoredFact({ ...FACT, withdrawn: true })), 'a withdrawal does not count')
  const bad = decodeStoredFact({ ...FACT, recordedAt: '2024-05-01T25:00:00Z' })
  t.ok(E.isLeft(bad))
  if (E.isLeft(bad)) t.match(bad.left[0]?.context.map((c) => c.key), ['', 'recordedAt'])
})
