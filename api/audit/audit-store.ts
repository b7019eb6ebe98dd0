/**
 * The audit log over the `audit_event` table: the writer the routes await
 * before sending child data (rows written together when requests overlap),
 * and the reader behind `GET /audit` (newest
 * first, keyset-paged so a page never skips or repeats a record while new
 * ones arrive). Values are always bound parameters.
 */
import { sql } from 'kysely'
import type { Kysely } from 'kysely'
import type { Database } from '../../storage/database/database'
import type { AuditPage, AuditPosition, AuditQuery } from '../services'
import type { AuditEntry, WriteAudit } from './audit-entry'
import type { IndexUpkeep } from './audit-index-upkeep'
import { auditEntryOfRow, auditRowOf, subjectColumn } from './audit-row'
import { base64UrlOfAscii, asciiOfBase64Url } from '../../engine/cohorts/base64url'

/** Most rows one statement writes. */
export const MAX_AUDIT_BATCH = 256

/**
 * The audit writer the routes await. Each request still waits until its own
 * row is committed (fail closed), but rows that arrive while a write is in
 * flight go together in the next statement: the hash chain serialises audit
 * writers (one advisory lock per insert, held through the commit), so one
 * multi-row insert per round is what lets lookups run at 1,000 a second
 * instead of one commit per request. At low load a row is written at once,
 * alone. A failed statement fails every request whose row it carried.
 * `upkeep` is told how many childIds each write committed (./audit-index-upkeep).
 */
export const auditWriterOver = (db: Kysely<Database>, defaultIssuer: string, upkeep?: IndexUpkeep): WriteAudit =>
  batchedWriter(async (entries) => {
    // Each entry's own time (milliseconds, UTC), so that the paging keys compare exactly.
    await db
      .insertInto('audit_event')
      .values(entries.map((entry) => ({ ...auditRowOf(entry, defaultIssuer), at: entry.occurredAt })))
      .execute()
    upkeep?.written(entries.reduce((n, entry) => n + entry.childIds.length, 0))
  })

interface Waiting {
  readonly entry: AuditEntry
  readonly resolve: () => void
  readonly reject: (error: unknown) => void
}

/** Group commit: one write in flight; whatever arrives meanwhile is the next write, in arrival order. */
export const batchedWriter = (writeMany: (entries: readonly AuditEntry[]) => Promise<void>, maxBatch = MAX_AUDIT_BATCH): WriteAudit => {
  const waiting: Waiting[] = []
  let writing = false
  const flush = async (): Promise<void> => {
    if (writing || waiting.length === 0) return
    writing = true
    const batch = waiting.splice(0, maxBatch)
    try {
      await writeMany(batch.map((w) => w.entry))
      for (const w of batch) w.resolve()
    } catch (error) {
      for (const w of batch) w.reject(error)
    } finally {
      writing = false
      void flush()
    }
  }
  return (entry) =>
    new Promise<void>((resolve, reject) => {
      waiting.push({ entry, resolve, reject })
      void flush()
    })
}

type Position = AuditPosition

export const encodeAuditCursor = (p: Position): string => base64UrlOfAscii(JSON.stringify({ a: p.at, i: p.id }))

/** The position a cursor stands for, or undefined when it is not one of ours. */
export const decodeAuditCursor = (cursor: string): Position | undefined => {
  const text = asciiOfBase64Url(cursor)
  if (text === undefined) return undefined
  try {
    const parsed = JSON.parse(text) as unknown
    if (typeof parsed !== 'object' || parsed === null) return undefined
    const { a, i } = parsed as Record<string, unknown>
    if (typeof a !== 'string' || Number.isNaN(Date.parse(a)) || typeof i !== 'string' || !/^\d{1,19}$/.test(i)) return undefined
    return { at: a, id: i }
  } catch {
    return undefined
  }
}

export const auditLogOver =
  (db: Kysely<Database>, defaultIssuer: string) =>
  async (query: AuditQuery): Promise<AuditPage> => {
    let q = db.selectFrom('audit_event').selectAll()
    if (query.childId !== undefined) q = q.where(sql<boolean>`child_ids @> ARRAY[${query.childId}]::text[]`)
    if (query.sub !== undefined) q = q.where('sub', '=', subjectColumn(query.sub, null, defaultIssuer))
    if (query.from !== undefined) q = q.where('at', '>=', query.from)
    if (query.to !== undefined) q = q.where('at', '<', query.to)
    const after = query.after
    if (after !== undefined) {
      q = q.where((eb) =>
        eb.or([eb('at', '<', after.at), eb.and([eb('at', '=', after.at), eb('id', '<', after.id)])]),
      )
    }
    const rows = await q.orderBy('at', 'desc').orderBy('id', 'desc').limit(query.limit + 1).execute()
    const page = rows.slice(0, query.limit)
    const last = page[page.length - 1]
    return {
      entries: page.map((r) => auditEntryOfRow({ ...r, child_ids: r.child_ids }, defaultIssuer)),
      nextCursor: rows.length > query.limit && last !== undefined ? encodeAuditCursor({ at: last.at, id: last.id }) : null,
    }
  }
