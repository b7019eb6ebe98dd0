/**
 * Which records are past retention, noted in scratch tables private to the
 * run's transaction (dropped at commit or rollback), so that every delete
 * that follows works from one decision taken once. Whole facts are noted,
 * by `(source, sourceId)`: all versions of a fact go together (the storage
 * invariant that a fact with any version has exactly one current one).
 *
 * Where each clock starts (storage/retention/README.md):
 * - a child record: the child's 18th birthday (`child` period). Past it, the
 *   record goes with every fact linked to the child, of any kind or date;
 * - a fact of a kind with a period: the date that keeps it relevant, read
 *   from its current version: the `end` of a care period, education status
 *   or missing episode (never while it is open), else the event date the
 *   rules window it by (SPEC §3);
 * - a withdrawn fact (current version is a withdrawal): the day the
 *   withdrawal arrived, with its kind's period (child records: the `child`
 *   period), so a late re-send of the withdrawn record is still recognised
 *   as superseded for that long. A withdrawn child record takes with it the
 *   flags, history, score and cohort rows still kept under its childId;
 * - a fact no child record identifies: the day its current version arrived
 *   (`unmatched` period), whatever its kind.
 * A kind set to `with-child` has no clock of its own: its facts go with the
 * child's record, or as unmatched.
 */
import { sql, type RawBuilder, type Transaction } from 'kysely'
import { EVENT_KINDS } from '../../config/retention'
import type { Database } from '../database/database'
import { CLOCK } from './clocks'
import { startOfLondonDay, type RetentionCutoffs } from './cutoffs'

export type ErasureReason = 'child' | 'period' | 'unmatched'

export const createErasurePlan = async (trx: Transaction<Database>): Promise<void> => {
  await sql`
    CREATE TEMP TABLE retention_doomed_child (
      child_id text COLLATE "C" PRIMARY KEY,
      source text COLLATE "C" NOT NULL,
      source_id text COLLATE "C" NOT NULL
    ) ON COMMIT DROP
  `.execute(trx)
  await sql`
    CREATE TEMP TABLE retention_doomed_fact (
      source text COLLATE "C" NOT NULL,
      source_id text COLLATE "C" NOT NULL,
      kind text NOT NULL,
      child_id text COLLATE "C",
      reason text NOT NULL,
      PRIMARY KEY (source, source_id)
    ) ON COMMIT DROP
  `.execute(trx)
}

const caseOnKind = (whens: readonly RawBuilder<unknown>[]): RawBuilder<unknown> =>
  whens.length === 0 ? sql`false` : sql`CASE v.kind ${sql.join(whens, sql` `)} ELSE false END`

/** A current version past its own period (not counting its child or its being unmatched). */
const pastOwnPeriod = (cutoffs: RetentionCutoffs): RawBuilder<unknown> => {
  const withPeriod = EVENT_KINDS.flatMap((kind) => {
    const cutoff = cutoffs.kinds[kind]
    return cutoff === undefined ? [] : [{ kind, cutoff }]
  })
  const byEventDate = withPeriod.map(({ kind, cutoff }) =>
    CLOCK[kind].type === 'date'
      ? sql`WHEN ${kind} THEN (v.content->>${CLOCK[kind].field})::date < ${cutoff}::date`
      : sql`WHEN ${kind} THEN (v.content->>${CLOCK[kind].field})::timestamptz < ${startOfLondonDay(cutoff)}::timestamptz`,
  )
  const byArrival = [...withPeriod, { kind: 'child', cutoff: cutoffs.child }].map(
    ({ kind, cutoff }) => sql`WHEN ${kind} THEN v.received_at < ${startOfLondonDay(cutoff)}::timestamptz`,
  )
  // An open period's null end compares as null: never past.
  return sql`coalesce(CASE WHEN v.withdrawn THEN ${caseOnKind(byArrival)} ELSE ${caseOnKind(byEventDate)} END, false)`
}

export interface PlannedErasure {
  readonly children: number
  readonly facts: number
  readonly factsByKind: Readonly<Record<string, number>>
  readonly factsByReason: Readonly<Record<ErasureReason, number>>
  /** Facts no child identified (whatever the reason they go). */
  readonly unmatched: number
}

/** Notes what is past retention in the scratch tables and counts it. */
export const planErasure = async (trx: Transaction<Database>, cutoffs: RetentionCutoffs): Promise<PlannedErasure> => {
  await sql`
    INSERT INTO pg_temp.retention_doomed_child (child_id, source, source_id)
    SELECT child_id, source, source_id FROM child WHERE date_of_birth <= ${cutoffs.childBornOnOrBefore}::date
  `.execute(trx)
  await sql`
    INSERT INTO pg_temp.retention_doomed_fact (source, source_id, kind, child_id, reason)
    SELECT source, source_id, kind, child_id,
           CASE WHEN aged_out THEN 'child' WHEN past_period THEN 'period' ELSE 'unmatched' END
    FROM (
      SELECT v.source, v.source_id, v.kind, v.child_id,
        CASE WHEN v.kind = 'child'
          THEN EXISTS (SELECT 1 FROM pg_temp.retention_doomed_child d WHERE d.source = v.source AND d.source_id = v.source_id)
          ELSE v.child_id IS NOT NULL AND EXISTS (SELECT 1 FROM pg_temp.retention_doomed_child d WHERE d.child_id = v.child_id)
        END AS aged_out,
        ${pastOwnPeriod(cutoffs)} AS past_period,
        (v.kind <> 'child' AND v.child_id IS NULL AND v.received_at < ${startOfLondonDay(cutoffs.unmatched)}::timestamptz) AS unmatched
      FROM fact_version v
      WHERE v.is_current
    ) AS judged
    WHERE aged_out OR past_period OR unmatched
  `.execute(trx)
  // A child whose record was withdrawn has no `child` row, but its flags, history, score and cohort rows
  // stay with its id: they go with the withdrawn record, when that record's period ends. The id is the one
  // the record's earlier versions gave, unless another record holds it now.
  await sql`
    INSERT INTO pg_temp.retention_doomed_child (child_id, source, source_id)
    SELECT DISTINCT ON (v.content->>'childId') v.content->>'childId', d.source, d.source_id
    FROM pg_temp.retention_doomed_fact d
    JOIN fact_version v ON v.source = d.source AND v.source_id = d.source_id
    WHERE d.kind = 'child' AND v.kind = 'child' AND NOT v.withdrawn AND v.content->>'childId' IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM child c WHERE c.child_id = v.content->>'childId')
    ON CONFLICT (child_id) DO NOTHING
  `.execute(trx)
  const { rows } = await sql<{ kind: string; reason: ErasureReason; unmatched: boolean; n: number }>`
    SELECT kind, reason, (kind <> 'child' AND child_id IS NULL) AS unmatched, count(*)::int AS n
    FROM pg_temp.retention_doomed_fact GROUP BY 1, 2, 3
  `.execute(trx)
  const children = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_temp.retention_doomed_child`.execute(trx)
  const factsByKind: Record<string, number> = {}
  const factsByReason: Record<ErasureReason, number> = { child: 0, period: 0, unmatched: 0 }
  let facts = 0
  let unmatched = 0
  for (const r of rows) {
    factsByKind[r.kind] = (factsByKind[r.kind] ?? 0) + r.n
    factsByReason[r.reason] += r.n
    facts += r.n
    if (r.unmatched) unmatched += r.n
  }
  return { children: children.rows[0]?.n ?? 0, facts, factsByKind, factsByReason, unmatched }
}

/** Children still held who lose a fact in this run: their flags are scored again. Sorted. */
export const childrenLosingFacts = async (trx: Transaction<Database>): Promise<readonly string[]> => {
  const { rows } = await sql<{ child_id: string }>`
    SELECT DISTINCT f.child_id FROM pg_temp.retention_doomed_fact f
    WHERE f.child_id IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM pg_temp.retention_doomed_child d WHERE d.child_id = f.child_id)
    ORDER BY f.child_id
  `.execute(trx)
  return rows.map((r) => r.child_id)
}
