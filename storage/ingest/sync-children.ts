/**
 * Brings `child` and `child_identifier` in line with the child records a
 * chunk changed (SPEC §2 "Linking facts to children"): each changed record
 * gives up its old row and claims, and each that is now a current record
 * that counts claims its childId and identifiers anew. A claim on a value
 * another record holds is a clash: nothing is written and the batch is
 * refused, naming both records.
 *
 * The chunk says which records it changed and hands over their new current
 * versions (already decoded, already stored), so a sync costs a few
 * statements over those records only, whatever the size of the batch or of
 * the tables. Every lookup is an index probe by key: inside the batch's
 * transaction the planner has no statistics for what the batch wrote.
 *
 * Returns the claims (old and new) whose owner may have changed, with their
 * owner now, so that the facts naming them are linked again (and new facts
 * naming them linked without asking the database); the children that lost or gained a
 * record are noted as affected, so they are re-scored.
 */
import * as E from 'fp-ts/Either'
import { sql, type Transaction } from 'kysely'
import { AGENCY_IDENTIFIERS, type ChildRecord } from '../../engine/facts/fact'
import type { Database } from '../database/database'
import { findClaimConflicts, type Claim } from './claim-conflicts'
import type { ClaimConflict, ClaimType } from './ingest-error'

/** A child record whose content the chunk changed (or that turned into another kind). */
export interface ChangedRecord {
  readonly source: string
  readonly sourceId: string
  /** The line that speaks for the record in errors. */
  readonly line: number
  /** A version was held before the chunk: only then can a stored row exist for the record. */
  readonly wasHeld: boolean
  /** Its new current version, when that is a child record that counts (not withdrawn, not another kind). */
  readonly incoming: { readonly versionId: string; readonly child: ChildRecord } | undefined
}

/** A childId or identifier whose owner may have changed, and its owner now (`null`: none). */
export interface TouchedClaim {
  readonly type: ClaimType
  readonly value: string
  readonly owner: string | null
}

interface IncomingChild {
  readonly line: number
  readonly source: string
  readonly sourceId: string
  readonly versionId: string
  readonly child: ChildRecord
}

/**
 * Removes the stored rows of records that were held before, with their
 * identifiers, and notes their children as affected. Returns their old claims.
 */
const releaseRecords = async (trx: Transaction<Database>, records: readonly ChangedRecord[]): Promise<readonly TouchedClaim[]> => {
  const held = records.filter((r) => r.wasHeld)
  if (held.length === 0) return []
  // The rows are found by probes on (source, source_id), then deleted by
  // childId, a primary key: the planner knows each value is one row.
  const { rows } = await sql<Omit<TouchedClaim, 'owner'>>`
    WITH gone AS (
      DELETE FROM child c
      WHERE c.child_id = ANY(ARRAY(
        SELECT x.child_id
        FROM unnest(${held.map((r) => r.source)}::text[], ${held.map((r) => r.sourceId)}::text[]) AS k(source, source_id)
        CROSS JOIN LATERAL (SELECT x.child_id FROM child x WHERE x.source = k.source AND x.source_id = k.source_id LIMIT 1) x
      ))
      RETURNING c.child_id
    ),
    identifiers AS (
      DELETE FROM child_identifier i WHERE i.child_id = ANY(ARRAY(SELECT child_id FROM gone))
      RETURNING i.type, i.value
    ),
    noted AS (
      INSERT INTO pg_temp.ingest_scratch_affected (child_id) SELECT child_id FROM gone ON CONFLICT DO NOTHING
    )
    SELECT 'childId' AS type, child_id AS value FROM gone
    UNION ALL
    SELECT type, value FROM identifiers
  `.execute(trx)
  // Released, and nobody else could hold them: a value has one owner at a time.
  return rows.map((r) => ({ ...r, owner: null }))
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

interface StoredClaimRow {
  readonly type: ClaimType
  readonly value: string
  readonly child_id: string
  readonly source: string
  readonly source_id: string
  readonly line: number | null
}

/**
 * The stored claims (of records not being synced now: those were released)
 * on the values the incoming claims name, with their line when an earlier
 * chunk of this batch wrote them.
 */
const loadStoredClaims = async (trx: Transaction<Database>, claims: readonly Claim[]): Promise<readonly Claim[]> => {
  if (claims.length === 0) return []
  const childIds = claims.filter((c) => c.type === 'childId').map((c) => c.value)
  const identifiers = claims.filter((c) => c.type !== 'childId')
  const { rows } = await sql<StoredClaimRow>`
    WITH stored AS (
      SELECT 'childId' AS type, c.child_id AS value, c.child_id, c.source, c.source_id
      FROM unnest(${childIds}::text[]) AS k(child_id)
      CROSS JOIN LATERAL (SELECT * FROM child c WHERE c.child_id = k.child_id LIMIT 1) c
      UNION ALL
      SELECT i.type, i.value, i.child_id, i.source, i.source_id
      FROM unnest(${identifiers.map((c) => c.type)}::text[], ${identifiers.map((c) => c.value)}::text[]) AS k(type, value)
      CROSS JOIN LATERAL (SELECT * FROM child_identifier ci WHERE ci.type = k.type AND ci.value = k.value LIMIT 1) i
    )
    SELECT s.*, (
      SELECT n.line FROM pg_temp.ingest_scratch_child_key n
      WHERE n.source = s.source COLLATE "C" AND n.source_id = s.source_id COLLATE "C"
    ) AS line
    FROM stored s
  `.execute(trx)
  return rows.map((r) => ({
    type: r.type,
    value: r.value,
    childId: r.child_id,
    record: { source: r.source, sourceId: r.source_id },
    line: undefined,
    storedLine: r.line ?? undefined,
  }))
}

/**
 * Writes the records and their identifiers, notes their lines (a later
 * clash with one of them names its line) and their children as affected:
 * one statement.
 */
const insertRecords = async (
  trx: Transaction<Database>,
  incoming: readonly IncomingChild[],
  claims: readonly Claim[],
): Promise<void> => {
  if (incoming.length === 0) return
  const identifiers = claims.filter((c) => c.type !== 'childId')
  await sql`
    WITH children AS (
      INSERT INTO child (child_id, source, source_id, version_id, date_of_birth, sex, locality, ethnicity, given_name, family_name)
      SELECT c.child_id, c.source, c.source_id, c.version_id, c.date_of_birth::date, c.sex, c.locality, c.ethnicity, c.given_name, c.family_name
      FROM unnest(
        ${incoming.map((p) => p.child.childId)}::text[],
        ${incoming.map((p) => p.source)}::text[],
        ${incoming.map((p) => p.sourceId)}::text[],
        ${incoming.map((p) => p.versionId)}::bigint[],
        ${incoming.map((p) => p.child.dateOfBirth)}::text[],
        ${incoming.map((p) => p.child.sex)}::text[],
        ${incoming.map((p) => p.child.locality)}::text[],
        ${incoming.map((p) => p.child.ethnicity ?? null)}::text[],
        ${incoming.map((p) => p.child.givenName ?? null)}::text[],
        ${incoming.map((p) => p.child.familyName ?? null)}::text[]
      ) AS c(child_id, source, source_id, version_id, date_of_birth, sex, locality, ethnicity, given_name, family_name)
      RETURNING child_id
    ),
    identifiers AS (
      INSERT INTO child_identifier (type, value, child_id, source, source_id)
      SELECT * FROM unnest(
        ${identifiers.map((c) => c.type)}::text[],
        ${identifiers.map((c) => c.value)}::text[],
        ${identifiers.map((c) => c.childId)}::text[],
        ${identifiers.map((c) => c.record.source)}::text[],
        ${identifiers.map((c) => c.record.sourceId)}::text[]
      )
    ),
    lines AS (
      INSERT INTO pg_temp.ingest_scratch_child_key (source, source_id, line)
      SELECT * FROM unnest(${incoming.map((p) => p.source)}::text[], ${incoming.map((p) => p.sourceId)}::text[], ${incoming.map((p) => p.line)}::integer[])
      ON CONFLICT (source, source_id) DO UPDATE SET line = excluded.line
    )
    INSERT INTO pg_temp.ingest_scratch_affected (child_id)
    SELECT child_id FROM children
    ON CONFLICT DO NOTHING
  `.execute(trx)
}

const incomingOf = (records: readonly ChangedRecord[]): readonly IncomingChild[] =>
  records
    .flatMap((r) =>
      r.incoming === undefined
        ? []
        : [{ line: r.line, source: r.source, sourceId: r.sourceId, versionId: r.incoming.versionId, child: r.incoming.child }],
    )
    .sort((a, b) => a.line - b.line)

/** Each value once; a value released and claimed again in the sync is owned by its new claimant (later in the list). */
const distinctClaims = (claims: readonly TouchedClaim[]): readonly TouchedClaim[] => {
  const byKey = new Map<string, TouchedClaim>()
  for (const c of claims) byKey.set(`${c.type}\u0000${c.value}`, { type: c.type, value: c.value, owner: c.owner })
  return [...byKey.values()]
}

/**
 * Syncs the child records a chunk changed. Left: the clashes, and then
 * nothing may be committed. Right: the claims whose owner may have changed.
 */
export const syncChildren = async (
  trx: Transaction<Database>,
  records: readonly ChangedRecord[],
): Promise<E.Either<readonly ClaimConflict[], readonly TouchedClaim[]>> => {
  if (records.length === 0) return E.right([])
  const released = await releaseRecords(trx, records)
  const incoming = incomingOf(records)
  const claims = incoming.flatMap(claimsOf)
  const conflicts = findClaimConflicts(claims, await loadStoredClaims(trx, claims))
  if (conflicts.length > 0) return E.left(conflicts)
  await insertRecords(trx, incoming, claims)
  return E.right(distinctClaims([...released, ...claims.map((c) => ({ type: c.type, value: c.value, owner: c.childId }))]))
}
