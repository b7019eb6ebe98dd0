/**
 * Decoding what the database gives back as a fact version. Every version was
 * fully validated on the way in, so this checks what the code reading it
 * relies on (the envelope, and a child record's own fields) rather than
 * re-running every rule of SPEC §2 over millions of rows.
 */
import * as E from 'fp-ts/Either'
import { pipe } from 'fp-ts/function'
import * as t from 'io-ts'
import { AGENCY_IDENTIFIERS, FACT_KINDS, type ChildRecord, type Fact, type FactVersion } from '../../engine/facts/fact'
import { isIsoDate } from '../../engine/time/calendar'
import { isInstant } from '../../engine/time/london'

const fromList = <L extends readonly string[]>(values: L, name: string): t.Type<L[number], string, unknown> =>
  new t.Type<L[number], string, unknown>(
    name,
    (u): u is L[number] => typeof u === 'string' && values.includes(u),
    (u, c) => (typeof u === 'string' && values.includes(u) ? t.success(u) : t.failure(u, c)),
    t.identity,
  )

const refined = (name: string, test: (s: string) => boolean): t.Type<string, string, unknown> =>
  new t.Type<string, string, unknown>(
    name,
    (u): u is string => typeof u === 'string' && test(u),
    (u, c) => (typeof u === 'string' && test(u) ? t.success(u) : t.failure(u, c)),
    t.identity,
  )

const NonEmptyText = refined('a non-empty string', (s) => s.length > 0)
const IsoDate = refined('a YYYY-MM-DD date', isIsoDate)
const Instant = refined('an RFC 3339 date-time', isInstant)

const SUBJECT_KEYS = ['childId', ...AGENCY_IDENTIFIERS] as const

const Subject = new t.Type<Record<string, string>, Record<string, string>, unknown>(
  'a subject with exactly one key',
  (u): u is Record<string, string> => Subject.validate(u, [])._tag === 'Right',
  (u, c) => {
    if (typeof u !== 'object' || u === null || Array.isArray(u)) return t.failure(u, c)
    const entries = Object.entries(u)
    const [only] = entries
    return entries.length === 1 && only !== undefined && (SUBJECT_KEYS as readonly string[]).includes(only[0]) &&
      typeof only[1] === 'string' && only[1].length > 0
      ? t.success(u as Record<string, string>)
      : t.failure(u, c)
  },
  t.identity,
)

export const StoredEnvelope = t.type(
  {
    kind: fromList(FACT_KINDS, 'a fact kind'),
    source: NonEmptyText,
    sourceId: NonEmptyText,
    subject: Subject,
    recordedAt: Instant,
    withdrawn: t.union([t.undefined, t.literal(true)]),
  },
  'a stored fact version',
)

const StoredChildFields = t.intersection([
  t.type({
    childId: NonEmptyText,
    dateOfBirth: IsoDate,
    sex: fromList(['F', 'M', 'X', 'U'] as const, 'a sex code'),
    locality: t.string,
  }),
  t.partial({
    ethnicity: t.string,
    givenName: t.string,
    familyName: t.string,
    upn: NonEmptyText,
    nhsNumber: NonEmptyText,
    policeId: NonEmptyText,
    socialCareId: NonEmptyText,
    yjId: NonEmptyText,
  }),
])

export const decodeStoredVersion = (u: unknown): t.Validation<FactVersion> =>
  pipe(
    StoredEnvelope.decode(u),
    // The envelope holds; the kind's own fields were checked when the line was decoded.
    E.map(() => u as FactVersion),
  )

const notWithdrawn = (u: unknown): t.Validation<unknown> =>
  (u as { withdrawn?: unknown }).withdrawn === true
    ? t.failure(u, [{ key: 'withdrawn', type: t.undefined, actual: true }], 'a fact that counts')
    : t.success(u)

/** A current fact that counts (not a withdrawal). */
export const decodeStoredFact = (u: unknown): t.Validation<Fact> =>
  pipe(
    decodeStoredVersion(u),
    E.chain(notWithdrawn),
    E.map(() => u as Fact),
  )

/** A current child record. */
export const decodeStoredChild = (u: unknown): t.Validation<ChildRecord> =>
  pipe(
    decodeStoredFact(u),
    E.chain((fact) =>
      fact.kind === 'child'
        ? t.success(fact)
        : t.failure(fact.kind, [{ key: 'kind', type: t.literal('child'), actual: fact.kind }], 'a child record'),
    ),
    E.chain((fact) => pipe(StoredChildFields.decode(fact), E.map(() => fact as ChildRecord))),
  )
