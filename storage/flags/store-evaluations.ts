/**
 * Stores what scoring computed: the current flags of each child (with
 * `since`), an event for every flag raised or cleared, and the child's score
 * and tier. One transaction for the whole call; set-based writes per chunk.
 * Callers pass one evaluation per child.
 *
 * Only what changed is written. A flag state or score whose stored form
 * (as-of date, rule set, score and tier; a flag's title, category, weight,
 * explanation and evidence) is what it was stays as it is, so a second run
 * for the same date writes no row it does not have to. `evaluated_at` on
 * those rows is therefore when the row was last written, not when the child
 * was last looked at; nothing reads it as more.
 */
import { sql, type Kysely, type Transaction } from 'kysely'
import type { ChildEvaluation, RuleSetIdentity } from '../../engine/evaluate/evaluation'
import type { Database } from '../database/database'
import { allowLongStatements, LOCK_KEY, takeTransactionLock } from '../database/long-transaction'
import { flagChanges, type FlagChanges } from './flag-changes'
import type { MarksToClear, PendingMark } from './score-pending'

export interface StoreEvaluationsOptions {
  /** When scoring ran: an ISO instant, read once at the edge. */
  readonly evaluatedAt: string
  /** The marks of children to score again that scoring read: these children's are cleared with their flags. */
  readonly clearing?: MarksToClear
}

export interface StoredEvaluationCounts {
  readonly children: number
  readonly raised: number
  readonly cleared: number
}

/** Children per set of statements: a scoring page fits in one. */
const CHUNK = 2000

/**
 * Rows go to the server as one JSON text per statement, read back by
 * json_to_recordset: JSON.stringify is native, where pg writes a text[]
 * parameter element by element in JavaScript, escaping each one, and that
 * was most of what storing cost this process.
 */
const asJson = (rows: readonly unknown[]): string => JSON.stringify(rows)

const loadHeld = async (
  trx: Transaction<Database>,
  childIds: readonly string[],
): Promise<ReadonlyMap<string, Map<string, string>>> => {
  // One probe of flag_state per child (OFFSET 0 keeps it one): planned as a
  // semi-join, the ids' unknown count made it hash all of flag_state, a scan
  // that grows with the city (7 ms at 100,000 children for POST /facts' one child).
  const { rows } = await sql<{ child_id: string; rule_id: string; since: string }>`
    SELECT f.child_id, f.rule_id, f.since
    FROM json_array_elements_text(${asJson(childIds)}::json) AS k(child_id)
    CROSS JOIN LATERAL (SELECT s.child_id, s.rule_id, s.since FROM flag_state s WHERE s.child_id = k.child_id OFFSET 0) f
  `.execute(trx)
  const held = new Map<string, Map<string, string>>()
  for (const r of rows) {
    const flags = held.get(r.child_id) ?? new Map<string, string>()
    flags.set(r.rule_id, r.since)
    held.set(r.child_id, flags)
  }
  return held
}

/**
 * One statement for all of a chunk's writes: each part is a data-modifying
 * CTE reading its own rows, so the chunk costs the server one round trip, not
 * five (each about 5 ms while a city is scored: this process is parsing the
 * next page meanwhile). The parts touch different rows: a rule cleared is not
 * among the raised flags whose states are written, and the children's marks
 * to score again (`marks`, ./score-pending) are a table of their own. Every
 * part sees the state from before the statement, where the separate
 * statements each saw the ones before them; none reads what another writes,
 * so the result is the same.
 */
const writeChunk = async (
  trx: Transaction<Database>,
  evaluations: readonly ChildEvaluation[],
  changes: readonly FlagChanges[],
  evaluatedAt: string,
  marks: readonly PendingMark[],
): Promise<void> => {
  const ruleSetOf = new Map<string, RuleSetIdentity>(evaluations.map((e) => [e.childId, e.ruleSet]))
  const ruleSet = (childId: string): RuleSetIdentity => ruleSetOf.get(childId) ?? { id: '', version: '', hash: '' }
  const cleared = changes.flatMap((c, i) => c.cleared.map((ruleId) => ({ child_id: evaluations[i]?.childId ?? '', rule_id: ruleId })))
  const events = changes.flatMap((c) =>
    c.events.map((e) => {
      const rs = ruleSet(e.childId)
      return { child_id: e.childId, rule_id: e.ruleId, event: e.event, on_date: e.onDate, rs_id: rs.id, rs_version: rs.version, rs_hash: rs.hash }
    }),
  )
  const states = changes.flatMap((c, i) =>
    c.states.map((s) => {
      const rs = ruleSet(s.childId)
      const { id, title, category, weight, explanation, evidence } = s.flag
      return {
        child_id: s.childId, rule_id: id, since: s.since, as_of: evaluations[i]?.asOf ?? '',
        rs_id: rs.id, rs_version: rs.version, rs_hash: rs.hash, title, category, weight, explanation, evidence,
      }
    }),
  )
  const scores = evaluations.map((e) => ({
    child_id: e.childId, as_of: e.asOf, score: e.score, tier: e.tier, rs_id: e.ruleSet.id, rs_version: e.ruleSet.version, rs_hash: e.ruleSet.hash,
  }))
  const pending = marks.map((m) => ({ child_id: m.childId, run_id: m.runId }))
  await sql`
    WITH unmarked AS (
      DELETE FROM score_pending p
      USING json_to_recordset(${asJson(pending)}::json) AS m(child_id text, run_id bigint)
      WHERE p.child_id = m.child_id AND p.ingest_run_id = m.run_id
    ),
    cleared AS (
      DELETE FROM flag_state f
      USING json_to_recordset(${asJson(cleared)}::json) AS d(child_id text, rule_id text)
      WHERE f.child_id = d.child_id AND f.rule_id = d.rule_id
    ),
    events AS (
      INSERT INTO flag_event (child_id, rule_id, event, on_date, evaluated_at, rule_set_id, rule_set_version, rule_set_hash)
      SELECT e.child_id, e.rule_id, e.event, e.on_date, ${evaluatedAt}::timestamptz, e.rs_id, e.rs_version, e.rs_hash
      FROM ROWS FROM (json_to_recordset(${asJson(events)}::json)
        AS (child_id text, rule_id text, event text, on_date date, rs_id text, rs_version text, rs_hash text))
        WITH ORDINALITY AS e(child_id, rule_id, event, on_date, rs_id, rs_version, rs_hash, n)
      ORDER BY e.n
    ),
    -- since is never updated here: a flag that stays raised keeps the start of its run.
    states AS (
      INSERT INTO flag_state AS f (child_id, rule_id, since, as_of, evaluated_at, rule_set_id, rule_set_version, rule_set_hash,
                                   title, category, weight, explanation, evidence)
      SELECT s.child_id, s.rule_id, s.since, s.as_of, ${evaluatedAt}::timestamptz, s.rs_id, s.rs_version, s.rs_hash,
             s.title, s.category, s.weight, s.explanation, s.evidence
      FROM json_to_recordset(${asJson(states)}::json) AS s(
        child_id text, rule_id text, since date, as_of date, rs_id text, rs_version text, rs_hash text,
        title text, category text, weight integer, explanation text, evidence jsonb)
      ON CONFLICT (child_id, rule_id) DO UPDATE SET
        as_of = excluded.as_of,
        evaluated_at = excluded.evaluated_at,
        rule_set_id = excluded.rule_set_id,
        rule_set_version = excluded.rule_set_version,
        rule_set_hash = excluded.rule_set_hash,
        title = excluded.title,
        category = excluded.category,
        weight = excluded.weight,
        explanation = excluded.explanation,
        evidence = excluded.evidence
      WHERE (f.as_of, f.rule_set_id, f.rule_set_version, f.rule_set_hash, f.title, f.category, f.weight, f.explanation, f.evidence)
        IS DISTINCT FROM (excluded.as_of, excluded.rule_set_id, excluded.rule_set_version, excluded.rule_set_hash,
                          excluded.title, excluded.category, excluded.weight, excluded.explanation, excluded.evidence)
    )
    INSERT INTO child_score AS c (child_id, as_of, evaluated_at, score, tier, rule_set_id, rule_set_version, rule_set_hash)
    SELECT s.child_id, s.as_of, ${evaluatedAt}::timestamptz, s.score, s.tier, s.rs_id, s.rs_version, s.rs_hash
    FROM json_to_recordset(${asJson(scores)}::json)
      AS s(child_id text, as_of date, score integer, tier text, rs_id text, rs_version text, rs_hash text)
    ON CONFLICT (child_id) DO UPDATE SET
      as_of = excluded.as_of,
      evaluated_at = excluded.evaluated_at,
      score = excluded.score,
      tier = excluded.tier,
      rule_set_id = excluded.rule_set_id,
      rule_set_version = excluded.rule_set_version,
      rule_set_hash = excluded.rule_set_hash
    WHERE (c.as_of, c.score, c.tier, c.rule_set_id, c.rule_set_version, c.rule_set_hash)
      IS DISTINCT FROM (excluded.as_of, excluded.score, excluded.tier, excluded.rule_set_id, excluded.rule_set_version, excluded.rule_set_hash)
  `.execute(trx)
}

export const storeEvaluations = async (
  db: Kysely<Database>,
  evaluations: readonly ChildEvaluation[],
  options: StoreEvaluationsOptions,
): Promise<StoredEvaluationCounts> => {
  const childIds = evaluations.map((e) => e.childId)
  if (new Set(childIds).size !== childIds.length) throw new RangeError('storeEvaluations takes one evaluation per child')
  if (evaluations.length === 0) return { children: 0, raised: 0, cleared: 0 }
  // The marks this call's statements delete, told to `clearing` once they have committed.
  const marks: PendingMark[] = []
  const counts = await db.transaction().execute(async (trx) => {
    await allowLongStatements(trx)
    await takeTransactionLock(trx, LOCK_KEY.scoring)
    let raised = 0
    let cleared = 0
    for (let i = 0; i < evaluations.length; i += CHUNK) {
      const chunk = evaluations.slice(i, i + CHUNK)
      const chunkIds = childIds.slice(i, i + CHUNK)
      const chunkMarks = options.clearing?.of(chunkIds) ?? []
      const held = await loadHeld(trx, chunkIds)
      const changes = chunk.map((e) => flagChanges(held.get(e.childId) ?? new Map(), e))
      await writeChunk(trx, chunk, changes, options.evaluatedAt, chunkMarks)
      marks.push(...chunkMarks)
      for (const c of changes) {
        raised += c.events.length - c.cleared.length
        cleared += c.cleared.length
      }
    }
    return { children: evaluations.length, raised, cleared }
  })
  options.clearing?.cleared(marks)
  return counts
}
