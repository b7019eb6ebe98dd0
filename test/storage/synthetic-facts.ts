/**
 * Synthetic facts for storage tests, decoded by the real batch decoder so
 * that what is stored is exactly what ingest would get. Invented ids only.
 */
import * as E from 'fp-ts/Either'
import { sql, type Kysely } from 'kysely'
import { decodeBatch, type NumberedFact } from '../../engine/batch/decode-batch'
import { nhsCheckDigit } from '../../engine/facts/identifiers/nhs-number'
import { upnCheckLetter } from '../../engine/facts/identifiers/upn'
import type { Database } from '../../storage/database/database'

/** A UPN with a valid check letter, from a small number. */
export const upnOf = (n: number): string => {
  const body = String(n).padStart(12, '0')
  return `${upnCheckLetter(body) ?? 'A'}${body}`
}

/** An NHS number with a valid check digit (skipping numbers that have none). */
export const nhsNumberOf = (n: number): string => {
  for (let k = n; ; k++) {
    const nine = String(900_000_000 + k).slice(0, 9)
    const check = nhsCheckDigit(nine)
    if (check !== undefined) return `${nine}${check}`
  }
}

type Line = Record<string, unknown>

export const childLine = (o: {
  readonly childId: string
  readonly sourceId?: string
  readonly source?: string
  readonly recordedAt?: string
  readonly dateOfBirth?: string
  readonly locality?: string
  readonly upn?: string
  readonly nhsNumber?: string
  readonly withdrawn?: boolean
}): Line => ({
  kind: 'child',
  source: o.source ?? 'social_care',
  sourceId: o.sourceId ?? `SC-${o.childId}`,
  subject: { childId: o.childId },
  recordedAt: o.recordedAt ?? '2024-05-01T09:00:00Z',
  ...(o.withdrawn === true
    ? { withdrawn: true }
    : {
        childId: o.childId,
        dateOfBirth: o.dateOfBirth ?? '2010-03-04',
        sex: 'F',
        locality: o.locality ?? 'North',
        ...(o.upn === undefined ? {} : { upn: o.upn }),
        ...(o.nhsNumber === undefined ? {} : { nhsNumber: o.nhsNumber }),
      }),
})

export const missingLine = (o: {
  readonly sourceId: string
  readonly subject: Record<string, string>
  readonly start?: string
  readonly end?: string | null
  readonly recordedAt?: string
  readonly withdrawn?: boolean
}): Line => ({
  kind: 'missing_episode',
  source: 'police',
  sourceId: o.sourceId,
  subject: o.subject,
  recordedAt: o.recordedAt ?? '2024-05-02T09:00:00Z',
  ...(o.withdrawn === true
    ? { withdrawn: true }
    : { start: o.start ?? '2024-04-20T18:00:00Z', end: o.end === undefined ? null : o.end, category: 'missing' }),
})

/**
 * Two children and C1's missing episodes, named by UPN, by childId, and one
 * withdrawn: what the loaders of a child's facts are tested on.
 */
export const TWO_CHILDREN_LINES: readonly Line[] = [
  childLine({ childId: 'C1', upn: upnOf(1), dateOfBirth: '2011-02-03' }),
  childLine({ childId: 'C2' }),
  missingLine({ sourceId: 'M1', subject: { upn: upnOf(1) } }),
  missingLine({ sourceId: 'M2', subject: { childId: 'C1' } }),
  missingLine({ sourceId: 'M3', subject: { childId: 'C1' }, withdrawn: true }),
]

/** Decodes lines as a batch; a line the decoder refuses fails the test loudly. */
export const batchOf = (lines: readonly Line[]): readonly NumberedFact[] => {
  const decoded = decodeBatch(lines.map((l) => JSON.stringify(l)))
  if (E.isLeft(decoded)) throw new Error(`synthetic batch does not decode: ${JSON.stringify(decoded.left)}`)
  return decoded.right
}

/** Everything that makes up the current state, in a stable order, for comparisons. */
export const dumpCurrentState = async (db: Kysely<Database>): Promise<unknown> => {
  const facts = await sql`
    SELECT source, source_id, kind, withdrawn, subject_type, subject_value, child_id, content
    FROM fact_version WHERE is_current
    ORDER BY source, source_id
  `.execute(db)
  const children = await sql`
    SELECT child_id, source, source_id, date_of_birth, sex, locality FROM child ORDER BY child_id
  `.execute(db)
  const identifiers = await sql`SELECT type, value, child_id, source, source_id FROM child_identifier ORDER BY type, value`.execute(db)
  return { facts: facts.rows, children: children.rows, identifiers: identifiers.rows }
}

export const countRows = async (db: Kysely<Database>, table: 'fact_version' | 'ingest_run' | 'child'): Promise<number> => {
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(db)
  return rows[0]?.n ?? 0
}
