/**
 * Facts waiting for a child (SPEC §2, §6 `GET /unmatched`): kind, source,
 * sourceId, the type of identifier they name and when they arrived. Never
 * their content, nor the identifier's value.
 */
import * as E from 'fp-ts/Either'
import { sql, type Kysely } from 'kysely'
import type { Database } from './database/database'

export interface UnmatchedFact {
  readonly kind: string
  readonly source: string
  readonly sourceId: string
  readonly identifierType: string
  /** When its current version arrived (ISO instant). */
  readonly receivedAt: string
}

export interface UnmatchedPage {
  readonly items: readonly UnmatchedFact[]
  /** Opaque; `null` on the last page. */
  readonly nextCursor: string | null
}

export interface InvalidPageRequest {
  readonly _tag: 'InvalidPageRequest'
  readonly field: 'limit' | 'cursor'
  readonly expected: string
}

export const MAX_UNMATCHED_PAGE = 1000

interface Position {
  readonly receivedAt: string
  readonly source: string
  readonly sourceId: string
}

const encodeCursor = (p: Position): string =>
  Buffer.from(JSON.stringify([p.receivedAt, p.source, p.sourceId]), 'utf8').toString('base64url')

const decodeCursor = (cursor: string): Position | undefined => {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (!Array.isArray(value) || value.length !== 3 || !value.every((v) => typeof v === 'string')) return undefined
    const [receivedAt, source, sourceId] = value as [string, string, string]
    return Number.isNaN(Date.parse(receivedAt)) ? undefined : { receivedAt, source, sourceId }
  } catch {
    return undefined
  }
}

/** Oldest first, keyset-paged by (arrival, source, sourceId). */
export const listUnmatched = async (
  db: Kysely<Database>,
  request: { readonly limit: number; readonly cursor?: string | null },
): Promise<E.Either<InvalidPageRequest, UnmatchedPage>> => {
  const { limit } = request
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_UNMATCHED_PAGE) {
    return E.left({ _tag: 'InvalidPageRequest', field: 'limit', expected: `a whole number from 1 to ${MAX_UNMATCHED_PAGE}` })
  }
  const after = request.cursor === undefined || request.cursor === null ? undefined : decodeCursor(request.cursor)
  if (request.cursor !== undefined && request.cursor !== null && after === undefined) {
    return E.left({ _tag: 'InvalidPageRequest', field: 'cursor', expected: 'a cursor from an earlier page' })
  }
  const { rows } = await sql<{ kind: string; source: string; source_id: string; subject_type: string; received_at: string }>`
    SELECT kind, source, source_id, subject_type, received_at
    FROM fact_version
    WHERE is_current AND child_id IS NULL AND kind <> 'child' AND NOT withdrawn
      ${after === undefined ? sql`` : sql`AND (received_at, source, source_id) > (${after.receivedAt}::timestamptz, ${after.source}, ${after.sourceId})`}
    ORDER BY received_at, source, source_id
    LIMIT ${limit + 1}
  `.execute(db)
  const items = rows.slice(0, limit).map((r) => ({
    kind: r.kind,
    source: r.source,
    sourceId: r.source_id,
    identifierType: r.subject_type,
    receivedAt: r.received_at,
  }))
  const last = items[items.length - 1]
  const nextCursor = rows.length > limit && last !== undefined ? encodeCursor(last) : null
  return E.right({ items, nextCursor })
}

export const countUnmatched = async (db: Kysely<Database>): Promise<number> => {
  const { rows } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM fact_version WHERE is_current AND child_id IS NULL AND kind <> 'child' AND NOT withdrawn
  `.execute(db)
  return rows[0]?.n ?? 0
}
