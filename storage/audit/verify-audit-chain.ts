/**
 * Checks the audit log's hash chain (migration 05; RELIABILITY L4): every
 * row's `chain_hash` must be the hash of the previous row's hash and its own
 * content, and `chain_seq` must have no holes. Reports exactly the rows that
 * fail, by id and place in the chain, and the holes; never their content.
 *
 * The recomputation runs in the database with the migration's own
 * `audit_event_link_hash`, a range of the chain per statement, so a log of
 * any length is checked in bounded memory and within the pool's statement
 * timeout. The first row left after the retention job removed older ones
 * has no predecessor to check against: it is reported as the anchor, and the
 * chain is checked from there.
 */
import { sql, type Kysely } from 'kysely'
import type { Database } from '../database/database'

export interface ChainMismatch {
  readonly id: string
  readonly chainSeq: string
}

/** Sequence numbers `from`..`to` (inclusive) are missing. */
export interface ChainGap {
  readonly from: string
  readonly to: string
}

export interface AuditChainReport {
  readonly rows: number
  /** The first row's place in the chain: 1 unless older rows were removed. */
  readonly firstSeq: string | null
  /** The last row's hash: kept elsewhere, it pins the whole log as of now. */
  readonly headHash: string | null
  readonly mismatches: readonly ChainMismatch[]
  readonly gaps: readonly ChainGap[]
}

export const DEFAULT_VERIFY_PAGE = 20_000

interface CheckedRow {
  readonly id: string
  readonly chain_seq: string
  readonly prev_seq: string | null
  readonly matches: boolean
  readonly chain_hash: string
}

/** Rows with chain_seq in (after, after + page], each checked against the row before it (which may lie at `after`). */
const checkRange = async (db: Kysely<Database>, after: bigint, page: number): Promise<readonly CheckedRow[]> => {
  const { rows } = await sql<CheckedRow>`
    SELECT id, chain_seq, prev_seq, chain_hash,
      CASE
        -- The anchor, or the row after a hole: no predecessor to check against (the hole is reported).
        WHEN prev_seq IS NULL AND chain_seq <> 1 THEN true
        WHEN prev_seq IS NOT NULL AND prev_seq <> chain_seq - 1 THEN true
        ELSE chain_hash IS NOT DISTINCT FROM
          audit_event_link_hash(prev_hash, chain_seq, id, at, sub, role, route, child_ids, outcome, purpose, request_id)
      END AS matches
    FROM (
      SELECT e.*, lag(e.chain_hash) OVER w AS prev_hash, lag(e.chain_seq) OVER w AS prev_seq
      FROM audit_event e
      WHERE e.chain_seq >= ${after.toString()}::bigint AND e.chain_seq <= ${(after + BigInt(page)).toString()}::bigint
      WINDOW w AS (ORDER BY e.chain_seq)
    ) r
    WHERE chain_seq > ${after.toString()}::bigint
    ORDER BY chain_seq
  `.execute(db)
  return rows
}

export const verifyAuditChain = async (
  db: Kysely<Database>,
  options: { readonly pageSize?: number } = {},
): Promise<AuditChainReport> => {
  const page = options.pageSize ?? DEFAULT_VERIFY_PAGE
  const bounds = await sql<{ first: string | null; last: string | null }>`
    SELECT min(chain_seq) AS first, max(chain_seq) AS last FROM audit_event
  `.execute(db)
  const first = bounds.rows[0]?.first ?? null
  const last = bounds.rows[0]?.last ?? null
  const mismatches: ChainMismatch[] = []
  const gaps: ChainGap[] = []
  let rows = 0
  let headHash: string | null = null
  if (first !== null && last !== null) {
    // The range before `first` is empty, so the first row is compared with nothing: the anchor.
    let previous = BigInt(first) - 1n
    for (let after = previous; after < BigInt(last); after += BigInt(page)) {
      for (const row of await checkRange(db, after, page)) {
        rows += 1
        const seq = BigInt(row.chain_seq)
        if (rows > 1 && seq !== previous + 1n) gaps.push({ from: (previous + 1n).toString(), to: (seq - 1n).toString() })
        if (!row.matches) mismatches.push({ id: row.id, chainSeq: row.chain_seq })
        previous = seq
        headHash = row.chain_hash
      }
    }
  }
  return { rows, firstSeq: first, headHash, mismatches, gaps }
}
