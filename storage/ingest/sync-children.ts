/**
 * Brings `child` and `child_identifier` in line with the child records a
 * chunk changed (SPEC §2 "Linking facts to children"): each changed record
 * gives up its old row and claims, and each that is now a current record
 * that counts claims its childId and identifiers anew. A record whose claim
 * clashes with a value another record holds is not written: it is left
 * waiting (`SyncOutcome.waiting`), and only a clash still there at the end
 * of the batch refuses it, naming both records (./waiting-records).
 *
 * The chunk says which records it changed and hands over their new current
 * versions (already decoded), so a sync costs a few statements over those
 * records only, whatever the size of the batch or of the tables. What can be
 * worked out before anything is written (the rows, the claims, the
 * statements' parameters) is planned while the database still writes the
 * chunk before (`planSync`, pure); each record's row points at its current
 * version, found by key once stored. Every lookup is an index probe by key:
 * inside the batch's transaction the planner has no statistics for what the
 * batch wrote.
 *
 * Returns the claims (old and new) whose owner may have changed, with their
 * owner now, so that the facts naming them are linked again (and new facts
 * naming them linked without asking the database); the children that lost or gained a
 * record are noted as affected, so they are re-scored.
 */
import { sql, type Transaction } from 'kysely'
import { AGENCY_IDENTIFIERS, factKey, type ChildRecord } from '../../engine/facts/fact'
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
  readonly incoming: ChildRecord | undefined
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
const loadStoredClaims = async (trx: Transaction<Database>, plan: SyncPlan): Promise<readonly Claim[]> => {
  if (plan.claims.length === 0) return []
  const { childIds, identifierTypes, identifierValues } = plan.storedClaimsOf
  const { rows } = await sql<StoredClaimRow>`
    WITH stored AS (
      SELECT 'childId' AS type, c.child_id AS value, c.child_id, c.source, c.source_id
      FROM json_array_elements_text(${childIds}::json) AS k(child_id)
      CROSS JOIN LATERAL (SELECT * FROM child c WHERE c.child_id = k.child_id LIMIT 1) c
      UNION ALL
      SELECT i.type, i.value, i.child_id, i.source, i.source_id
      FROM ROWS FROM (json_array_elements_text(${identifierTypes}::json), json_array_elements_text(${identifierValues}::json)) AS k(type, value)
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
 * Writes the records (each pointing at its current version, stored by now)
 * and their identifiers, notes their lines (a later clash with one of them
 * names its line) and their children as affected: one statement.
 */
const insertRecords = async (trx: Transaction<Database>, { rows, identifiers }: SyncPlan['insert']): Promise<void> => {
  await sql`
    WITH children AS (
      INSERT INTO child (child_id, source, source_id, version_id, date_of_birth, sex, locality, ethnicity, given_name, family_name)
      SELECT c.child_id, c.source, c.source_id,
             (SELECT f.id FROM fact_version f WHERE f.source = c.source AND f.source_id = c.source_id AND f.is_current LIMIT 1),
             c.date_of_birth::date, c.sex, c.locality, c.ethnicity, c.given_name, c.family_name
      FROM ROWS FROM (
        json_array_elements_text(${rows.childIds}::json),
        json_array_elements_text(${rows.sources}::json),
        json_array_elements_text(${rows.sourceIds}::json),
        json_array_elements_text(${rows.datesOfBirth}::json),
        json_array_elements_text(${rows.sexes}::json),
        json_array_elements_text(${rows.localities}::json),
        json_array_elements_text(${rows.ethnicities}::json),
        json_array_elements_text(${rows.givenNames}::json),
        json_array_elements_text(${rows.familyNames}::json)
      ) AS c(child_id, source, source_id, date_of_birth, sex, locality, ethnicity, given_name, family_name)
      RETURNING child_id
    ),
    identifiers AS (
      INSERT INTO child_identifier (type, value, child_id, source, source_id)
      SELECT * FROM ROWS FROM (
        json_array_elements_text(${identifiers.types}::json),
        json_array_elements_text(${identifiers.values}::json),
        json_array_elements_text(${identifiers.childIds}::json),
        json_array_elements_text(${identifiers.sources}::json),
        json_array_elements_text(${identifiers.sourceIds}::json)
      )
    ),
    lines AS (
      INSERT INTO pg_temp.ingest_scratch_child_key (source, source_id, line)
      SELECT k.source, k.source_id, k.line::integer FROM ROWS FROM (
        json_array_elements_text(${rows.sources}::json),
        json_array_elements_text(${rows.sourceIds}::json),
        json_array_elements_text(${rows.lines}::json)
      ) AS k(source, source_id, line)
      ON CONFLICT (source, source_id) DO UPDATE SET line = excluded.line
    )
    INSERT INTO pg_temp.ingest_scratch_affected (child_id)
    SELECT child_id FROM children
    ON CONFLICT DO NOTHING
  `.execute(trx)
}

const incomingOf = (records: readonly ChangedRecord[]): readonly IncomingChild[] =>
  records
    .flatMap((r) => (r.incoming === undefined ? [] : [{ line: r.line, source: r.source, sourceId: r.sourceId, child: r.incoming }]))
    .sort((a, b) => a.line - b.line)

/** What a chunk's sync will write and ask, worked out before the chunk is written. */
export interface SyncPlan {
  readonly records: readonly ChangedRecord[]
  /** The claims of the records that count now, in line order. */
  readonly claims: readonly Claim[]
  /** Each claimed value once, with the owner it will have (a value claimed twice is refused anyway). */
  readonly claimed: readonly TouchedClaim[]
  /** The stored claims to compare with: parameters. */
  readonly storedClaimsOf: { readonly childIds: string; readonly identifierTypes: string; readonly identifierValues: string }
  /** The rows to write: parameters, each a JSON array. */
  readonly insert: {
    readonly rows: {
      readonly childIds: string
      readonly sources: string
      readonly sourceIds: string
      readonly datesOfBirth: string
      readonly sexes: string
      readonly localities: string
      readonly ethnicities: string
      readonly givenNames: string
      readonly familyNames: string
      readonly lines: string
    }
    readonly identifiers: {
      readonly types: string
      readonly values: string
      readonly childIds: string
      readonly sources: string
      readonly sourceIds: string
    }
  }
}

/**
 * Plans the sync of the records a chunk changed (pure). Parameters go as
 * JSON arrays: V8 writes them natively, where pg writes an array parameter
 * element by element, escaping each.
 */
export const planSync = (records: readonly ChangedRecord[]): SyncPlan => {
  const incoming = incomingOf(records)
  const claims = incoming.flatMap(claimsOf)
  const identifiers = claims.filter((c) => c.type !== 'childId')
  const claimed = distinctClaims(claims.map((c) => ({ type: c.type, value: c.value, owner: c.childId })))
  // Each value is asked for once: two records claiming one value would bring its holder back twice, and a clash with it be named twice.
  const askedIdentifiers = claimed.filter((c) => c.type !== 'childId')
  const json = <A>(values: readonly A[], f: (a: A) => string | number | null): string => JSON.stringify(values.map(f))
  return {
    records,
    claims,
    claimed,
    storedClaimsOf: {
      childIds: json(claimed.filter((c) => c.type === 'childId'), (c) => c.value),
      identifierTypes: json(askedIdentifiers, (c) => c.type),
      identifierValues: json(askedIdentifiers, (c) => c.value),
    },
    insert: {
      rows: {
        childIds: json(incoming, (p) => p.child.childId),
        sources: json(incoming, (p) => p.source),
        sourceIds: json(incoming, (p) => p.sourceId),
        datesOfBirth: json(incoming, (p) => p.child.dateOfBirth),
        sexes: json(incoming, (p) => p.child.sex),
        localities: json(incoming, (p) => p.child.locality),
        ethnicities: json(incoming, (p) => p.child.ethnicity ?? null),
        givenNames: json(incoming, (p) => p.child.givenName ?? null),
        familyNames: json(incoming, (p) => p.child.familyName ?? null),
        lines: json(incoming, (p) => p.line),
      },
      identifiers: {
        types: json(identifiers, (c) => c.type),
        values: json(identifiers, (c) => c.value),
        childIds: json(identifiers, (c) => c.childId),
        sources: json(identifiers, (c) => c.record.source),
        sourceIds: json(identifiers, (c) => c.record.sourceId),
      },
    },
  }
}

/** Each value once; a value released and claimed again in the sync is owned by its new claimant (later in the list). */
const distinctClaims = (claims: readonly TouchedClaim[]): readonly TouchedClaim[] => {
  const byKey = new Map<string, TouchedClaim>()
  for (const c of claims) byKey.set(`${c.type}\u0000${c.value}`, { type: c.type, value: c.value, owner: c.owner })
  return [...byKey.values()]
}

/** What a sync did, and what it left. */
export interface SyncOutcome {
  /** The claims whose owner may have changed, with their owner now. */
  readonly touched: readonly TouchedClaim[]
  /** The records whose claims clashed: released, not written; to be synced again (as records held before by nobody). */
  readonly waiting: readonly ChangedRecord[]
  /** The clashes that left them waiting, in line order. */
  readonly conflicts: readonly ClaimConflict[]
}

/**
 * The records a clash stops: the later claim's, when it is one of the
 * records synced now; otherwise (a record an earlier chunk of the batch
 * wrote, on a later line) the earlier claim's, which cannot be written
 * beside it. What is left clashes with nothing: another claimant of the
 * value for the stopped record's child would be another record with its
 * childId, itself stopped by that clash.
 */
const stoppedRecords = (records: readonly ChangedRecord[], conflicts: readonly ClaimConflict[]): ReadonlySet<string> => {
  const syncing = new Set(records.map(factKey))
  return new Set(
    conflicts.map((c) => {
      const claimant = factKey(c)
      return syncing.has(claimant) ? claimant : factKey({ source: c.conflictingSource, sourceId: c.conflictingSourceId })
    }),
  )
}

/**
 * Syncs the child records a chunk changed, once their versions are stored.
 * Every record gives up its old row and claims; those whose claims clash
 * with a stored claim or with another record's are left waiting (a later
 * chunk of the batch may release what they claim: SPEC §2 says the order of
 * lines never matters), and the others are written. The batch is refused
 * only if some still clash when it ends (./waiting-records).
 */
export const syncChildren = async (trx: Transaction<Database>, plan: SyncPlan): Promise<SyncOutcome> => {
  if (plan.records.length === 0) return { touched: [], waiting: [], conflicts: [] }
  const released = await releaseRecords(trx, plan.records)
  const conflicts = findClaimConflicts(plan.claims, await loadStoredClaims(trx, plan))
  const stopped = stoppedRecords(plan.records, conflicts)
  const written = stopped.size === 0 ? plan : planSync(plan.records.filter((r) => !stopped.has(factKey(r))))
  if (written.claims.length > 0) await insertRecords(trx, written.insert)
  return {
    touched: released.length === 0 ? written.claimed : distinctClaims([...released, ...written.claimed]),
    waiting: plan.records.filter((r) => stopped.has(factKey(r))).map((r) => ({ ...r, wasHeld: false })),
    conflicts,
  }
}
