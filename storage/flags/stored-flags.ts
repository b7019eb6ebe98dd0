/**
 * The flags the service currently shows (SPEC §3): each stored child's
 * score, tier and raised flags with `since`, as the JSON document of §3.
 * Children never scored have no document.
 */
import * as E from 'fp-ts/Either'
import * as O from 'fp-ts/Option'
import type { Kysely } from 'kysely'
import type { Evidence, Flag, FlagsDocument } from '../../engine/evaluate/evaluation'
import type { Database } from '../database/database'
import type { ChildScoreRow } from '../tables/child-score.table'
import type { FlagStateRow } from '../tables/flag-state.table'
import { describeErrors, storedRowInvalid, type StoredRowInvalid } from '../stored-row-error'
import { RuleCategory, StoredEvidence, Tier } from './stored-flag.codec'

const byWeightThenId = (a: Flag, b: Flag): number => b.weight - a.weight || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

/**
 * Evidence with its keys in the order of SPEC §3's JSON form, as the
 * evaluator writes them: jsonb gives them back in its own order (shortest
 * key first), and `flags --json` prints the document as it is.
 */
const inDocumentOrder = (e: Evidence): Evidence => {
  if ('restricted' in e) return { kind: e.kind, restricted: e.restricted }
  const { kind, source, sourceId, date, grading, handlingCode } = e
  if (grading !== undefined && handlingCode !== undefined) return { kind, source, sourceId, date, grading, handlingCode }
  if (grading !== undefined) return { kind, source, sourceId, date, grading }
  if (handlingCode !== undefined) return { kind, source, sourceId, date, handlingCode }
  return { kind, source, sourceId, date }
}

const flagOf = (row: FlagStateRow): E.Either<StoredRowInvalid, Flag> => {
  const category = RuleCategory.decode(row.category)
  const evidence = StoredEvidence.decode(row.evidence)
  if (E.isLeft(category) || E.isLeft(evidence)) {
    const errors = [...(E.isLeft(category) ? category.left : []), ...(E.isLeft(evidence) ? evidence.left : [])]
    return E.left(storedRowInvalid('flag_state', `${row.child_id}/${row.rule_id}`, describeErrors(errors)))
  }
  return E.right({
    id: row.rule_id,
    title: row.title,
    category: category.right,
    weight: row.weight,
    explanation: row.explanation,
    evidence: evidence.right.map(inDocumentOrder),
    since: row.since,
  })
}

const documentOf = (score: ChildScoreRow, rows: readonly FlagStateRow[]): E.Either<StoredRowInvalid[], FlagsDocument> => {
  const tier = Tier.decode(score.tier)
  const flags = rows.map(flagOf)
  const problems = flags.flatMap((f) => (E.isLeft(f) ? [f.left] : []))
  if (E.isLeft(tier)) problems.push(storedRowInvalid('child_score', score.child_id, describeErrors(tier.left)))
  if (problems.length > 0 || E.isLeft(tier)) return E.left(problems)
  return E.right({
    childId: score.child_id,
    asOf: score.as_of,
    ruleSet: { id: score.rule_set_id, version: score.rule_set_version, hash: score.rule_set_hash },
    score: score.score,
    tier: tier.right,
    flags: flags.flatMap((f) => (E.isRight(f) ? [f.right] : [])).sort(byWeightThenId),
  })
}

/** Stored documents of the given children that have been scored, keyed by childId. */
export const loadStoredFlags = async (
  db: Kysely<Database>,
  childIds: readonly string[],
): Promise<E.Either<readonly StoredRowInvalid[], ReadonlyMap<string, FlagsDocument>>> => {
  if (childIds.length === 0) return E.right(new Map())
  const scores = await db.selectFrom('child_score').selectAll().where('child_id', 'in', childIds).execute()
  const states = await db.selectFrom('flag_state').selectAll().where('child_id', 'in', childIds).execute()
  const statesOf = new Map<string, FlagStateRow[]>()
  for (const row of states) statesOf.set(row.child_id, [...(statesOf.get(row.child_id) ?? []), row])
  const problems: StoredRowInvalid[] = []
  const documents = new Map<string, FlagsDocument>()
  for (const score of scores) {
    const document = documentOf(score, statesOf.get(score.child_id) ?? [])
    if (E.isLeft(document)) problems.push(...document.left)
    else documents.set(score.child_id, document.right)
  }
  return problems.length > 0 ? E.left(problems) : E.right(documents)
}

export const storedFlags = async (
  db: Kysely<Database>,
  childId: string,
): Promise<E.Either<readonly StoredRowInvalid[], O.Option<FlagsDocument>>> => {
  const loaded = await loadStoredFlags(db, [childId])
  return E.map((documents: ReadonlyMap<string, FlagsDocument>) => O.fromNullable(documents.get(childId)))(loaded)
}
