/**
 * What a lookup of one child reads (SPEC §6): its current record and facts
 * that count, as `loadChildFacts` reads them, and the start of each stored
 * flag's current run (`since`, by rule id), in one prepared statement: one
 * round trip and no planning per lookup, since lookups are the service's
 * busiest path.
 */
import * as E from 'fp-ts/Either'
import { sql, type Kysely } from 'kysely'
import type { IsoDate } from '../../engine/facts/fact'
import type { ChildFacts } from '../../engine/linking/child-facts'
import { isIsoDate } from '../../engine/time/calendar'
import type { Database } from '../database/database'
import { PREPARED } from '../database/prepared-statements'
import { storedRowInvalid, type StoredRowInvalid } from '../stored-row-error'
import { CHILD_RECORD_AND_FACTS, childFactsOf, type ChildContentRow } from './child-fact-rows'

export interface ChildForLookup {
  readonly child: ChildFacts
  /** When each stored flag's current run began, by rule id (none before the child is scored). */
  readonly flagSince: ReadonlyMap<string, IsoDate>
}

interface LookupRow extends ChildContentRow {
  /** `{ ruleId: "YYYY-MM-DD" }`; null when no flag is stored. */
  readonly runs: unknown
}

const runsOf = (childId: string, runs: unknown): E.Either<StoredRowInvalid, ReadonlyMap<string, IsoDate>> => {
  if (runs === null) return E.right(new Map())
  const entries = typeof runs === 'object' && !Array.isArray(runs) ? Object.entries(runs as object) : undefined
  if (entries === undefined) return E.left(storedRowInvalid('flag_state', childId, ['(rows): expected rule ids with dates']))
  const bad = entries.filter(([, since]) => typeof since !== 'string' || !isIsoDate(since)).map(([ruleId]) => ruleId)
  return bad.length > 0
    ? E.left(storedRowInvalid('flag_state', childId, bad.slice(0, 5).map((ruleId) => `${ruleId}.since: expected a date`)))
    : E.right(new Map(entries as [string, IsoDate][]))
}

/** The child with a current record and its flag runs; undefined when it has no current record. */
export const loadChildForLookup = async (
  db: Kysely<Database>,
  childId: string,
): Promise<E.Either<readonly StoredRowInvalid[], ChildForLookup | undefined>> => {
  const { rows } = await sql<LookupRow>`${PREPARED}
    SELECT c.child_id, r.content AS record, f.facts, s.runs
    FROM ${CHILD_RECORD_AND_FACTS}
    CROSS JOIN LATERAL (SELECT json_object_agg(rule_id, since) AS runs FROM flag_state WHERE child_id = c.child_id) s
    WHERE c.child_id = ${childId}
  `.execute(db)
  const row = rows[0]
  if (row === undefined) return E.right(undefined)
  const child = childFactsOf([row])
  const runs = runsOf(row.child_id, row.runs)
  if (E.isLeft(child) || E.isLeft(runs)) {
    return E.left([...(E.isLeft(child) ? child.left : []), ...(E.isLeft(runs) ? [runs.left] : [])])
  }
  const [loaded] = child.right
  return E.right(loaded === undefined ? undefined : { child: loaded, flagSince: runs.right })
}
