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

/** Exactly one own enumerable key, a subject key, naming a non-empty string (counted, not listed: it runs for every stored fact). */
const isSubject = (u: unknown): u is Record<string, string> => {
  if (typeof u !== 'object' || u === null || Array.isArray(u)) return false
  let key: string | undefined
  let keys = 0
  for (const k in u) {
    if (!Object.prototype.hasOwnProperty.call(u, k)) continue
    key = k
    keys += 1
  }
  if (keys !== 1 || key === undefined || !(SUBJECT_KEYS as readonly string[]).includes(key)) return false
  const value = (u as Record<string, unknown>)[key]
  return typeof value === 'string' && value.length > 0
}

const Subject = new t.Type<Record<string, string>, Record<string, string>, unknown>(
  'a subject with exactly one key',
  isSubject,
  (u, c) => (isSubject(u) ? t.success(u) : t.failure(u, c)),
  t.identity,
)

const ENVELOPE_FIELDS = {
  kind: fromList(FACT_KINDS, 'a fact kind'),
  source: NonEmptyText,
  sourceId: NonEmptyText,
  subject: Subject,
  recordedAt: Instant,
}

export const StoredEnvelope = t.type(
  { ...ENVELOPE_FIELDS, withdrawn: t.union([t.undefined, t.literal(true)]) },
  'a stored fact version',
)

const RequiredEnvelope = t.type(ENVELOPE_FIELDS)

/**
 * What StoredEnvelope.decode accepts, without decoding. Not StoredEnvelope.is:
 * t.type's `is` refuses a missing key even when its codec takes undefined,
 * and `withdrawn` is missing from every fact that counts.
 */
export const isStoredEnvelope = (u: unknown): boolean => {
  if (!RequiredEnvelope.is(u)) return false
  const { withdrawn } = u as { withdrawn?: unknown }
  return withdrawn === undefined || withdrawn === true
}

export const StoredChildFields = t.intersection([
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

/*
 * Scoring decodes every stored fact of the city on every run, and ingest
 * every version it holds a new line against. A check (`isStoredEnvelope`, a
 * codec's `is`) accepts exactly what the codec's `decode` accepts but builds
 * no contexts or Either values on the way, so rows that hold (all of them,
 * unless the database was changed behind our back) take that path; `decode`
 * runs only to say what is wrong with a row that does not.
 * (test/storage/facts/stored-fact-codec.test.ts checks that the two agree.)
 */

/** The envelope holds; the kind's own fields were checked when the line was decoded. */
export const decodeStoredVersion = (u: unknown): t.Validation<FactVersion> =>
  isStoredEnvelope(u) ? t.success(u as FactVersion) : pipe(StoredEnvelope.decode(u), E.map(() => u as FactVersion))

const notWithdrawn = (u: unknown): t.Validation<unknown> =>
  (u as { withdrawn?: unknown }).withdrawn === true
    ? t.failure(u, [{ key: 'withdrawn', type: t.undefined, actual: true }], 'a fact that counts')
    : t.success(u)

const countsFast = (u: unknown): boolean => isStoredEnvelope(u) && (u as { withdrawn?: unknown }).withdrawn !== true

/** A current fact that counts (not a withdrawal). */
export const decodeStoredFact = (u: unknown): t.Validation<Fact> =>
  countsFast(u)
    ? t.success(u as Fact)
    : pipe(
        decodeStoredVersion(u),
        E.chain(notWithdrawn),
        E.map(() => u as Fact),
      )

const childFast = (u: unknown): boolean => countsFast(u) && (u as { kind?: unknown }).kind === 'child' && StoredChildFields.is(u)

const decodeChildSlowly = (u: unknown): t.Validation<ChildRecord> =>
  pipe(
    decodeStoredFact(u),
    E.chain((fact) =>
      fact.kind === 'child'
        ? t.success(fact)
        : t.failure(fact.kind, [{ key: 'kind', type: t.literal('child'), actual: fact.kind }], 'a child record'),
    ),
    E.chain((fact) => pipe(StoredChildFields.decode(fact), E.map(() => fact as ChildRecord))),
  )

/** A current child record. */
export const decodeStoredChild = (u: unknown): t.Validation<ChildRecord> =>
  childFast(u) ? t.success(u as ChildRecord) : decodeChildSlowly(u)
