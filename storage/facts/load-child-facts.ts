/**
 * What scoring reads (SPEC §2, §3): for each child, its current record and
 * every current fact linked to it that counts (not withdrawn), decoded from
 * storage. Children without a current record are left out.
 */
import * as E from 'fp-ts/Either'
import { sql, type Kysely } from 'kysely'
import type { ChildRecord, Fact } from '../../engine/facts/fact'
import type { ChildFacts } from '../../engine/linking/child-facts'
import type { Database } from '../database/database'
import { describeErrors, storedRowInvalid, type StoredRowInvalid } from '../stored-row-error'
import { decodeStoredChild, decodeStoredFact } from './stored-fact.codec'

interface ContentRow {
  readonly child_id: string
  readonly source: string
  readonly source_id: string
  readonly content: unknown
}

/** In the order of `childIds` (which callers page in childId order); every bad row is reported. */
export const loadChildFacts = async (
  db: Kysely<Database>,
  childIds: readonly string[],
): Promise<E.Either<readonly StoredRowInvalid[], readonly ChildFacts[]>> => {
  if (childIds.length === 0) return E.right([])
  const ids = [...childIds]
  const children = await sql<ContentRow>`
    SELECT c.child_id, c.source, c.source_id, v.content
    FROM child c JOIN fact_version v ON v.id = c.version_id
    WHERE c.child_id = ANY(${ids}::text[])
  `.execute(db)
  // A child's facts are those naming its childId or one of its identifiers
  // (and linked to it): index probes by subject, one per claim.
  const facts = await sql<ContentRow>`
    SELECT f.child_id, f.source, f.source_id, f.content
    FROM (
      SELECT 'childId' AS type, child_id AS value, child_id FROM child WHERE child_id = ANY(${ids}::text[])
      UNION ALL
      SELECT type, value, child_id FROM child_identifier WHERE child_id = ANY(${ids}::text[])
    ) AS claim
    CROSS JOIN LATERAL (
      SELECT v.child_id, v.source, v.source_id, v.content FROM fact_version v
      WHERE v.subject_type = claim.type AND v.subject_value = claim.value AND v.is_current
        AND v.kind <> 'child' AND NOT v.withdrawn AND v.child_id = claim.child_id
      OFFSET 0
    ) AS f
    ORDER BY f.child_id, f.source, f.source_id
  `.execute(db)

  const problems: StoredRowInvalid[] = []
  const recordOf = new Map<string, ChildRecord>()
  for (const row of children.rows) {
    const decoded = decodeStoredChild(row.content)
    if (E.isLeft(decoded)) problems.push(storedRowInvalid('child', row.child_id, describeErrors(decoded.left)))
    else recordOf.set(row.child_id, decoded.right)
  }
  const factsOf = new Map<string, Fact[]>()
  for (const row of facts.rows) {
    const decoded = decodeStoredFact(row.content)
    if (E.isLeft(decoded)) {
      problems.push(storedRowInvalid('fact_version', `${row.source}/${row.source_id}`, describeErrors(decoded.left)))
      continue
    }
    const list = factsOf.get(row.child_id)
    if (list === undefined) factsOf.set(row.child_id, [decoded.right])
    else list.push(decoded.right)
  }
  if (problems.length > 0) return E.left(problems)
  return E.right(
    [...new Set(childIds)].flatMap((childId) => {
      const child = recordOf.get(childId)
      return child === undefined ? [] : [{ child, facts: factsOf.get(childId) ?? [] }]
    }),
  )
}
