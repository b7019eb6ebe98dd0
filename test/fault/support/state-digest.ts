/**
 * A fingerprint of what an ingest leaves in the database, free of what
 * legitimately differs between two runs of the same batch (generated ids,
 * arrival and evaluation instants): one count and one order-free sum of row
 * hashes per part. Two databases with equal digests hold the same facts,
 * children and flags.
 */
import { Client } from 'pg'

export interface StateDigest {
  /** Every version held, history included. */
  readonly facts: string
  /** The current version of each fact, by content: which of two equal-content versions is kept may depend on arrival order (SPEC: a re-send with only `recordedAt` changed is "unchanged"). */
  readonly currentFacts: string
  readonly children: string
  readonly identifiers: string
  readonly flags: string
  readonly scores: string
  readonly flagEvents: string
}

/** `count:sum` of the first 60 bits of md5 of each row's text: cheap, and the order does not matter. */
const PARTS: Readonly<Record<keyof StateDigest, string>> = {
  facts: `SELECT row(source, source_id, version_hash, is_current, withdrawn, kind, recorded_at, child_id, subject_type, subject_value)::text AS r FROM fact_version`,
  currentFacts: `SELECT row(source, source_id, content::jsonb - 'recordedAt', withdrawn, kind, child_id, subject_type, subject_value)::text AS r FROM fact_version WHERE is_current`,
  children: `SELECT row(child_id, source, source_id, date_of_birth, sex, locality, ethnicity, given_name, family_name)::text AS r FROM child`,
  identifiers: `SELECT row(type, value, child_id, source, source_id)::text AS r FROM child_identifier`,
  flags: `SELECT row(child_id, rule_id, since, as_of, rule_set_hash, weight, explanation, evidence)::text AS r FROM flag_state`,
  scores: `SELECT row(child_id, as_of, score, tier, rule_set_hash)::text AS r FROM child_score`,
  flagEvents: `SELECT row(child_id, rule_id, event, on_date, rule_set_hash)::text AS r FROM flag_event`,
}

export const stateDigest = async (url: string): Promise<StateDigest> => {
  const client = new Client({ connectionString: url })
  await client.connect()
  try {
    // The same text for timestamps whatever the session's zone.
    await client.query(`SET TimeZone = 'UTC'`)
    const entries = await Promise.all(
      Object.entries(PARTS).map(async ([part, rows]) => {
        const { rows: out } = await client.query<{ n: string; s: string | null }>(
          `SELECT count(*)::text AS n, sum(('x' || substr(md5(r), 1, 15))::bit(60)::bigint)::text AS s FROM (${rows}) t`,
        )
        return [part, `${out[0]?.n ?? '0'}:${out[0]?.s ?? '0'}`] as const
      }),
    )
    return Object.fromEntries(entries) as unknown as StateDigest
  } finally {
    await client.end()
  }
}

/** The parts whose digests differ. */
export const differingParts = (a: StateDigest, b: StateDigest, parts: readonly (keyof StateDigest)[]): (keyof StateDigest)[] =>
  parts.filter((p) => a[p] !== b[p])

export const DATA_PARTS: readonly (keyof StateDigest)[] = ['facts', 'children', 'identifiers']
export const FLAG_PARTS: readonly (keyof StateDigest)[] = ['flags', 'scores', 'flagEvents']

/** Rows of one batch in a database: facts stored, and ingest runs by status. */
export const batchRows = async (url: string): Promise<{ facts: number; completedRuns: number; runningRuns: number }> => {
  const client = new Client({ connectionString: url })
  await client.connect()
  try {
    const { rows } = await client.query<{ facts: string; completed: string; running: string }>(`
      SELECT (SELECT count(*) FROM fact_version)::text AS facts,
             (SELECT count(*) FROM ingest_run WHERE status = 'completed')::text AS completed,
             (SELECT count(*) FROM ingest_run WHERE status <> 'completed')::text AS running
    `)
    const r = rows[0]
    return { facts: Number(r?.facts ?? 0), completedRuns: Number(r?.completed ?? 0), runningRuns: Number(r?.running ?? 0) }
  } finally {
    await client.end()
  }
}
