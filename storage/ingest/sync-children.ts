/**
 * Brings `child` and `child_identifier` in line with the batch's child
 * records: records that changed (corrected, withdrawn, new) give up their old
 * claims and make their new ones, unless a claim clashes with another child,
 * in which case the batch is refused with every clash.
 *
 * Old and new claims go to the scratch tables, so the link phase can look
 * again at every fact that names them, and their children are re-scored.
 */
import * as E from 'fp-ts/Either'
import { sql, type Transaction } from 'kysely'
import { AGENCY_IDENTIFIERS, type ChildRecord } from '../../engine/facts/fact'
import type { Database } from '../database/database'
import { decodeStoredChild } from '../facts/stored-fact.codec'
import { describeErrors, storedRowInvalid, StoredRowInvalidError } from '../stored-row-error'
import { findClaimConflicts, type Claim } from './claim-conflicts'
import type { ClaimConflict, ClaimType } from './ingest-error'

interface IncomingChild {
  readonly line: number
  readonly source: string
  readonly sourceId: string
  readonly versionId: string
  readonly child: ChildRecord
}

const WRITE_CHUNK = 5000

/** Notes the old claims of changed records as touched, then removes those records (identifiers cascade). */
const releaseChangedRecords = async (trx: Transaction<Database>): Promise<void> => {
  await sql`
    INSERT INTO pg_temp.ingest_scratch_subject (type, value)
    SELECT 'childId', c.child_id FROM child c
    JOIN pg_temp.ingest_scratch_child_key k ON k.source = c.source AND k.source_id = c.source_id AND NOT k.synced
    UNION
    SELECT i.type, i.value FROM child_identifier i
    JOIN pg_temp.ingest_scratch_child_key k ON k.source = i.source AND k.source_id = i.source_id AND NOT k.synced
    ON CONFLICT DO NOTHING
  `.execute(trx)
  await sql`
    INSERT INTO pg_temp.ingest_scratch_affected (child_id)
    SELECT c.child_id FROM child c
    JOIN pg_temp.ingest_scratch_child_key k ON k.source = c.source AND k.source_id = c.source_id AND NOT k.synced
    ON CONFLICT DO NOTHING
  `.execute(trx)
  await sql`
    DELETE FROM child c USING pg_temp.ingest_scratch_child_key k
    WHERE NOT k.synced AND k.source = c.source AND k.source_id = c.source_id
  `.execute(trx)
}

const loadIncomingChildren = async (trx: Transaction<Database>): Promise<readonly IncomingChild[]> => {
  const { rows } = await sql<{ line: number; source: string; source_id: string; version_id: string; content: unknown }>`
    SELECT k.line, v.source, v.source_id, v.id AS version_id, v.content
    FROM pg_temp.ingest_scratch_child_key k
    CROSS JOIN LATERAL (
      SELECT f.source, f.source_id, f.id, f.content FROM fact_version f
      WHERE f.source = k.source AND f.source_id = k.source_id AND f.is_current AND f.kind = 'child' AND NOT f.withdrawn
      LIMIT 1
    ) v
    WHERE NOT k.synced
    ORDER BY k.line
  `.execute(trx)
  return rows.map((row) => {
    const decoded = decodeStoredChild(row.content)
    if (E.isLeft(decoded)) {
      throw new StoredRowInvalidError(
        storedRowInvalid('fact_version', `${row.source}/${row.source_id}`, describeErrors(decoded.left)),
      )
    }
    return { line: row.line, source: row.source, sourceId: row.source_id, versionId: row.version_id, child: decoded.right }
  })
}

const claimsOf = (incoming: IncomingChild): readonly Claim[] => {
  const record = { source: incoming.source, sourceId: incoming.sourceId }
  const base = { childId: incoming.child.childId, record, line: incoming.line }
  const identifiers = AGENCY_IDENTIFIERS.flatMap((type) => {
    const value = incoming.child[type]
    return value === undefined ? [] : [{ ...base, type, value }]
  })
  return [{ ...base, type: 'childId', value: incoming.child.childId }, ...identifiers]
}

/**
 * The stored claims (of records not being synced now) on the values the
 * incoming claims name, with their line when an earlier chunk of this batch
 * wrote them.
 */
const loadStoredClaims = async (trx: Transaction<Database>, claims: readonly Claim[]): Promise<readonly Claim[]> => {
  const childIds = claims.filter((c) => c.type === 'childId').map((c) => c.value)
  const identifiers = claims.filter((c) => c.type !== 'childId')
  const stored: Claim[] = []
  for (let i = 0; i < childIds.length; i += WRITE_CHUNK) {
    const { rows } = await sql<{ child_id: string; source: string; source_id: string; line: number | null }>`
      SELECT c.child_id, c.source, c.source_id, k.line FROM child c
      LEFT JOIN pg_temp.ingest_scratch_child_key k ON k.source = c.source AND k.source_id = c.source_id
      WHERE c.child_id = ANY(${childIds.slice(i, i + WRITE_CHUNK)}::text[])
    `.execute(trx)
    for (const r of rows) {
      const record = { source: r.source, sourceId: r.source_id }
      stored.push({ type: 'childId', value: r.child_id, childId: r.child_id, record, line: undefined, storedLine: r.line ?? undefined })
    }
  }
  for (let i = 0; i < identifiers.length; i += WRITE_CHUNK) {
    const part = identifiers.slice(i, i + WRITE_CHUNK)
    const { rows } = await sql<{ type: string; value: string; child_id: string; source: string; source_id: string; line: number | null }>`
      SELECT i.type, i.value, i.child_id, i.source, i.source_id, s.line
      FROM unnest(${part.map((c) => c.type)}::text[], ${part.map((c) => c.value)}::text[]) AS k(type, value)
      CROSS JOIN LATERAL (
        SELECT * FROM child_identifier ci WHERE ci.type = k.type AND ci.value = k.value LIMIT 1
      ) i
      LEFT JOIN pg_temp.ingest_scratch_child_key s ON s.source = i.source AND s.source_id = i.source_id
    `.execute(trx)
    for (const r of rows) {
      stored.push({
        type: r.type as ClaimType,
        value: r.value,
        childId: r.child_id,
        record: { source: r.source, sourceId: r.source_id },
        line: undefined,
        storedLine: r.line ?? undefined,
      })
    }
  }
  return stored
}

const insertChildren = async (trx: Transaction<Database>, incoming: readonly IncomingChild[]): Promise<void> => {
  for (let i = 0; i < incoming.length; i += WRITE_CHUNK) {
    const part = incoming.slice(i, i + WRITE_CHUNK)
    await sql`
      INSERT INTO child (child_id, source, source_id, version_id, date_of_birth, sex, locality, ethnicity, given_name, family_name)
      SELECT c.child_id, c.source, c.source_id, c.version_id, c.date_of_birth::date, c.sex, c.locality, c.ethnicity, c.given_name, c.family_name
      FROM unnest(
        ${part.map((p) => p.child.childId)}::text[],
        ${part.map((p) => p.source)}::text[],
        ${part.map((p) => p.sourceId)}::text[],
        ${part.map((p) => p.versionId)}::bigint[],
        ${part.map((p) => p.child.dateOfBirth)}::text[],
        ${part.map((p) => p.child.sex)}::text[],
        ${part.map((p) => p.child.locality)}::text[],
        ${part.map((p) => p.child.ethnicity ?? null)}::text[],
        ${part.map((p) => p.child.givenName ?? null)}::text[],
        ${part.map((p) => p.child.familyName ?? null)}::text[]
      ) AS c(child_id, source, source_id, version_id, date_of_birth, sex, locality, ethnicity, given_name, family_name)
    `.execute(trx)
  }
}

const insertIdentifierClaims = async (trx: Transaction<Database>, claims: readonly Claim[]): Promise<void> => {
  const identifiers = claims.filter((c) => c.type !== 'childId')
  for (let i = 0; i < identifiers.length; i += WRITE_CHUNK) {
    const part = identifiers.slice(i, i + WRITE_CHUNK)
    await sql`
      INSERT INTO child_identifier (type, value, child_id, source, source_id)
      SELECT * FROM unnest(
        ${part.map((c) => c.type)}::text[],
        ${part.map((c) => c.value)}::text[],
        ${part.map((c) => c.childId)}::text[],
        ${part.map((c) => c.record.source)}::text[],
        ${part.map((c) => c.record.sourceId)}::text[]
      )
    `.execute(trx)
  }
}

/** Notes the new claims as touched and their children as affected. */
const noteNewClaims = async (trx: Transaction<Database>, claims: readonly Claim[]): Promise<void> => {
  for (let i = 0; i < claims.length; i += WRITE_CHUNK) {
    const part = claims.slice(i, i + WRITE_CHUNK)
    await sql`
      INSERT INTO pg_temp.ingest_scratch_subject (type, value)
      SELECT * FROM unnest(${part.map((c) => c.type)}::text[], ${part.map((c) => c.value)}::text[])
      ON CONFLICT DO NOTHING
    `.execute(trx)
    await sql`
      INSERT INTO pg_temp.ingest_scratch_affected (child_id)
      SELECT DISTINCT * FROM unnest(${part.map((c) => c.childId)}::text[])
      ON CONFLICT DO NOTHING
    `.execute(trx)
  }
}

/**
 * Syncs the child records changed since the last sync of this batch.
 * Returns the clashes; when there are any, nothing may be committed.
 */
export const syncChildren = async (trx: Transaction<Database>): Promise<readonly ClaimConflict[]> => {
  await releaseChangedRecords(trx)
  const incoming = await loadIncomingChildren(trx)
  const claims = incoming.flatMap(claimsOf)
  const conflicts = findClaimConflicts(claims, await loadStoredClaims(trx, claims))
  if (conflicts.length > 0) return conflicts
  await insertChildren(trx, incoming)
  await insertIdentifierClaims(trx, claims)
  await noteNewClaims(trx, claims)
  await sql`UPDATE pg_temp.ingest_scratch_child_key SET synced = true WHERE NOT synced`.execute(trx)
  return []
}
