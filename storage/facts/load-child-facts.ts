/**
 * What scoring reads (SPEC §2, §3) for the children named: each one's
 * current record and every current fact linked to it that counts (not
 * withdrawn), decoded from storage. Children without a current record are
 * left out. One statement, so record and facts come from one snapshot;
 * prepared, since its text is the same for any list of children.
 */
import type * as E from 'fp-ts/Either'
import { sql, type Kysely } from 'kysely'
import type { FactReach } from '../../engine/evaluate'
import type { ChildFacts } from '../../engine/linking/child-facts'
import type { Database } from '../database/database'
import { PREPARED } from '../database/prepared-statements'
import type { StoredRowInvalid } from '../stored-row-error'
import { childFactsOf, childRecordAndFacts, type ChildContentRow } from './child-fact-rows'

/**
 * In the order of `childIds` (each once); every bad row read is reported.
 * With `reach`, only the facts the rules may read (./in-reach): for scoring.
 */
export const loadChildFacts = async (
  db: Kysely<Database>,
  childIds: readonly string[],
  reach?: FactReach,
): Promise<E.Either<readonly StoredRowInvalid[], readonly ChildFacts[]>> => {
  const ids = [...new Set(childIds)]
  if (ids.length === 0) return childFactsOf([])
  const { rows } = await sql<ChildContentRow>`${PREPARED}
    SELECT c.child_id, r.content AS record, f.facts
    FROM ${childRecordAndFacts(reach)}
    WHERE c.child_id = ANY(${ids}::text[])
  `.execute(db)
  const rowOf = new Map(rows.map((row) => [row.child_id, row]))
  return childFactsOf(ids.flatMap((id) => rowOf.get(id) ?? []))
}
