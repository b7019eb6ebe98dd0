/**
 * What scoring reads, as rows (SPEC §2, §3): one row a child, with its
 * current record and a JSON array of every current fact linked to it that
 * counts (not withdrawn), then decoded. Shared by the two ways of choosing
 * the children: a list of childIds, and a keyset page of the city.
 *
 * One row a child rather than one a fact: the city is about nine facts a
 * child, and each row costs the driver a message, an object and a string
 * per column on top of parsing the JSON, so a row a child costs this
 * process about a third less to read.
 */
import * as E from 'fp-ts/Either'
import { sql, type RawBuilder } from 'kysely'
import type { FactReach } from '../../engine/evaluate'
import type { ChildRecord, Fact } from '../../engine/facts/fact'
import type { ChildFacts } from '../../engine/linking/child-facts'
import { describeErrors, storedRowInvalid, type StoredRowInvalid } from '../stored-row-error'
import { inReach } from './in-reach'
import { decodeStoredChild, decodeStoredFact } from './stored-fact.codec'

export interface ChildContentRow {
  readonly child_id: string
  /** The child's current record. */
  readonly record: unknown
  /** Its facts that count, in (source, sourceId) order; null when it has none. */
  readonly facts: readonly unknown[] | null
}

/**
 * For `fact_version v` read by `child_id` (fact_version_child_idx): a current
 * fact that counts and whose subject still names the child it is linked to,
 * by its childId or one of its identifiers. Ingest keeps links true at the
 * end of each batch; the check costs one probe per fact named by an
 * identifier (about one in ten) and keeps a stale link from ever counting.
 * OFFSET 0 keeps it a probe: otherwise, for a scoring page, the planner
 * hashes the whole of child_identifier once per page (a scan that grows
 * with the city, so scoring it all grew with its square).
 */
export const COUNTING_FACT_OF_ITS_CHILD = sql`
  v.is_current AND v.kind <> 'child' AND NOT v.withdrawn
  AND (
    (v.subject_type = 'childId' AND v.subject_value = v.child_id)
    OR EXISTS (
      SELECT 1 FROM child_identifier i
      WHERE i.type = v.subject_type AND i.value = v.subject_value AND i.child_id = v.child_id
      OFFSET 0
    )
  )
`

/** A child's facts as one JSON array, in a fixed order so that the result never depends on the plan. */
export const FACTS_OF_A_CHILD = sql`json_agg(v.content ORDER BY v.source, v.source_id)`

/**
 * For the children `c` a statement picks: each one's current record
 * (`r.content`) and its facts that count (`f.facts`), one row a child; with
 * `reach`, only those the rules may read (./in-reach).
 */
export const childRecordAndFacts = (reach?: FactReach): RawBuilder<unknown> => sql`
  child c
  JOIN fact_version r ON r.id = c.version_id
  CROSS JOIN LATERAL (
    SELECT ${FACTS_OF_A_CHILD} AS facts FROM fact_version v WHERE v.child_id = c.child_id AND ${COUNTING_FACT_OF_ITS_CHILD} AND ${inReach(reach)}
  ) f
`

export const CHILD_RECORD_AND_FACTS = childRecordAndFacts()

/** A stored fact's row key, read from its own content (a row that does not decode may lack it). */
const keyOf = (u: unknown): string => {
  const { source, sourceId } = (typeof u === 'object' && u !== null ? u : {}) as { source?: unknown; sourceId?: unknown }
  return `${typeof source === 'string' ? source : '?'}/${typeof sourceId === 'string' ? sourceId : '?'}`
}

/** The rows' children, in the rows' order; every bad record and fact is reported. */
export const childFactsOf = (rows: readonly ChildContentRow[]): E.Either<readonly StoredRowInvalid[], readonly ChildFacts[]> => {
  const problems: StoredRowInvalid[] = []
  const children: ChildFacts[] = []
  for (const row of rows) {
    const record = decodeStoredChild(row.record)
    if (E.isLeft(record)) problems.push(storedRowInvalid('child', row.child_id, describeErrors(record.left)))
    const facts: Fact[] = []
    for (const content of row.facts ?? []) {
      const fact = decodeStoredFact(content)
      if (E.isLeft(fact)) problems.push(storedRowInvalid('fact_version', keyOf(content), describeErrors(fact.left)))
      else facts.push(fact.right)
    }
    if (E.isRight(record)) children.push({ child: record.right as ChildRecord, facts })
  }
  return problems.length > 0 ? E.left(problems) : E.right(children)
}
