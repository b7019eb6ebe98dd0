/**
 * Stores what scoring computed: the current flags of each child (with
 * `since`), an event for every flag raised or cleared, and the child's score
 * and tier. One transaction for the whole call; set-based writes per chunk.
 * Callers pass one evaluation per child.
 */
import { sql, type Kysely, type Transaction } from 'kysely'
import type { ChildEvaluation } from '../../engine/evaluate/evaluation'
import type { Database } from '../database/database'
import { allowLongStatements, LOCK_KEY, takeTransactionLock } from '../database/long-transaction'
import { flagChanges, type FlagChanges } from './flag-changes'

export interface StoreEvaluationsOptions {
  /** When scoring ran: an ISO instant, read once at the edge. */
  readonly evaluatedAt: string
}

export interface StoredEvaluationCounts {
  readonly children: number
  readonly raised: number
  readonly cleared: number
}

const CHUNK = 1000

const loadHeld = async (
  trx: Transaction<Database>,
  childIds: readonly string[],
): Promise<ReadonlyMap<string, Map<string, string>>> => {
  const rows = await trx
    .selectFrom('flag_state')
    .select(['child_id', 'rule_id', 'since'])
    .where('child_id', 'in', childIds)
    .execute()
  const held = new Map<string, Map<string, string>>()
  for (const r of rows) {
    const flags = held.get(r.child_id) ?? new Map<string, string>()
    flags.set(r.rule_id, r.since)
    held.set(r.child_id, flags)
  }
  return held
}

const writeChunk = async (
  trx: Transaction<Database>,
  evaluations: readonly ChildEvaluation[],
  changes: readonly FlagChanges[],
  evaluatedAt: string,
): Promise<void> => {
  const ruleSetOf = new Map(evaluations.map((e) => [e.childId, e.ruleSet]))
  const ruleSet = (childId: string) => ruleSetOf.get(childId) ?? { id: '', version: '', hash: '' }
  const cleared = changes.flatMap((c, i) => c.cleared.map((ruleId) => ({ childId: evaluations[i]?.childId ?? '', ruleId })))
  if (cleared.length > 0) {
    await sql`
      DELETE FROM flag_state f
      USING unnest(${cleared.map((c) => c.childId)}::text[], ${cleared.map((c) => c.ruleId)}::text[]) AS d(child_id, rule_id)
      WHERE f.child_id = d.child_id AND f.rule_id = d.rule_id
    `.execute(trx)
  }
  const events = changes.flatMap((c) => c.events)
  if (events.length > 0) {
    await sql`
      INSERT INTO flag_event (child_id, rule_id, event, on_date, evaluated_at, rule_set_id, rule_set_version, rule_set_hash)
      SELECT e.child_id, e.rule_id, e.event, e.on_date::date, ${evaluatedAt}::timestamptz, e.rs_id, e.rs_version, e.rs_hash
      FROM unnest(
        ${events.map((e) => e.childId)}::text[],
        ${events.map((e) => e.ruleId)}::text[],
        ${events.map((e) => e.event)}::text[],
        ${events.map((e) => e.onDate)}::text[],
        ${events.map((e) => ruleSet(e.childId).id)}::text[],
        ${events.map((e) => ruleSet(e.childId).version)}::text[],
        ${events.map((e) => ruleSet(e.childId).hash)}::text[]
      ) WITH ORDINALITY AS e(child_id, rule_id, event, on_date, rs_id, rs_version, rs_hash, n)
      ORDER BY e.n
    `.execute(trx)
  }
  const states = changes.flatMap((c, i) => c.states.map((s) => ({ ...s, asOf: evaluations[i]?.asOf ?? '' })))
  if (states.length > 0) {
    await sql`
      INSERT INTO flag_state (child_id, rule_id, since, as_of, evaluated_at, rule_set_id, rule_set_version, rule_set_hash,
                              title, category, weight, explanation, evidence)
      SELECT s.child_id, s.rule_id, s.since::date, s.as_of::date, ${evaluatedAt}::timestamptz, s.rs_id, s.rs_version, s.rs_hash,
             s.title, s.category, s.weight, s.explanation, s.evidence::jsonb
      FROM unnest(
        ${states.map((s) => s.childId)}::text[],
        ${states.map((s) => s.flag.id)}::text[],
        ${states.map((s) => s.since)}::text[],
        ${states.map((s) => s.asOf)}::text[],
        ${states.map((s) => ruleSet(s.childId).id)}::text[],
        ${states.map((s) => ruleSet(s.childId).version)}::text[],
        ${states.map((s) => ruleSet(s.childId).hash)}::text[],
        ${states.map((s) => s.flag.title)}::text[],
        ${states.map((s) => s.flag.category)}::text[],
        ${states.map((s) => s.flag.weight)}::integer[],
        ${states.map((s) => s.flag.explanation)}::text[],
        ${states.map((s) => JSON.stringify(s.flag.evidence))}::text[]
      ) AS s(child_id, rule_id, since, as_of, rs_id, rs_version, rs_hash, title, category, weight, explanation, evidence)
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
    `.execute(trx)
  }
  await sql`
    INSERT INTO child_score (child_id, as_of, evaluated_at, score, tier, rule_set_id, rule_set_version, rule_set_hash)
    SELECT s.child_id, s.as_of::date, ${evaluatedAt}::timestamptz, s.score, s.tier, s.rs_id, s.rs_version, s.rs_hash
    FROM unnest(
      ${evaluations.map((e) => e.childId)}::text[],
      ${evaluations.map((e) => e.asOf)}::text[],
      ${evaluations.map((e) => e.score)}::integer[],
      ${evaluations.map((e) => e.tier)}::text[],
      ${evaluations.map((e) => e.ruleSet.id)}::text[],
      ${evaluations.map((e) => e.ruleSet.version)}::text[],
      ${evaluations.map((e) => e.ruleSet.hash)}::text[]
    ) AS s(child_id, as_of, score, tier, rs_id, rs_version, rs_hash)
    ON CONFLICT (child_id) DO UPDATE SET
      as_of = excluded.as_of,
      evaluated_at = excluded.evaluated_at,
      score = excluded.score,
      tier = excluded.tier,
      rule_set_id = excluded.rule_set_id,
      rule_set_version = excluded.rule_set_version,
      rule_set_hash = excluded.rule_set_hash
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
  return db.transaction().execute(async (trx) => {
    await allowLongStatements(trx)
    await takeTransactionLock(trx, LOCK_KEY.scoring)
    let raised = 0
    let cleared = 0
    for (let i = 0; i < evaluations.length; i += CHUNK) {
      const chunk = evaluations.slice(i, i + CHUNK)
      const held = await loadHeld(trx, chunk.map((e) => e.childId))
      const changes = chunk.map((e) => flagChanges(held.get(e.childId) ?? new Map(), e))
      await writeChunk(trx, chunk, changes, options.evaluatedAt)
      for (const c of changes) {
        raised += c.events.filter((e) => e.event === 'raised').length
        cleared += c.cleared.length
      }
    }
    return { children: evaluations.length, raised, cleared }
  })
}
