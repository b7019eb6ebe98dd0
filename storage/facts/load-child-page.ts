/**
 * The city a page at a time, for scoring and stored cohorts: the next `size`
 * children after a childId (keyset, in code-point order: the column's
 * collation is "C"), with their records and the facts that count, in one
 * statement. The page's children span a range of childIds, so their facts
 * are one range scan of fact_version_child_idx rather than a probe per child
 * or per identifier. One statement is one snapshot: a page never mixes
 * before and after an ingest that commits meanwhile.
 */
import * as E from 'fp-ts/Either'
import { sql, type Kysely } from 'kysely'
import type { FactReach } from '../../engine/evaluate'
import type { ChildFacts } from '../../engine/linking/child-facts'
import type { Database } from '../database/database'
import type { StoredRowInvalid } from '../stored-row-error'
import { childFactsOf, COUNTING_FACT_OF_ITS_CHILD, FACTS_OF_A_CHILD, type ChildContentRow } from './child-fact-rows'
import { inReach } from './in-reach'

export interface ChildPage {
  /** The page's children, in childId order. */
  readonly children: readonly ChildFacts[]
  /** The page's last childId, to ask for the next page after; undefined when the page is empty (the end). */
  readonly last: string | undefined
}

interface PageRow extends ChildContentRow {
  /** The child's place in the page: rows are put in order here, not by sorting wide rows on the server. */
  readonly n: number
}

/**
 * `after` undefined: from the first child. Every bad row read is reported.
 * With `reach`, only the facts the rules may read (and a few more, ./in-reach):
 * for scoring, which evaluates the same over those.
 */
export const loadChildPage = async (
  db: Kysely<Database>,
  after: string | undefined,
  size: number,
  reach?: FactReach,
): Promise<E.Either<readonly StoredRowInvalid[], ChildPage>> => {
  if (!Number.isInteger(size) || size < 1) throw new RangeError('size must be a positive whole number')
  // Every childId is a non-empty string, and '' sorts before all of them.
  const { rows } = await sql<PageRow>`
    WITH page AS MATERIALIZED (
      SELECT child_id, version_id, (row_number() OVER (ORDER BY child_id))::int AS n
      FROM (SELECT child_id, version_id FROM child WHERE child_id > ${after ?? ''} ORDER BY child_id LIMIT ${size}) c
    ),
    facts AS (
      SELECT v.child_id, ${FACTS_OF_A_CHILD} AS facts
      FROM fact_version v
      WHERE v.child_id >= (SELECT min(child_id) FROM page) AND v.child_id <= (SELECT max(child_id) FROM page)
        AND ${COUNTING_FACT_OF_ITS_CHILD}
        AND ${inReach(reach)}
      GROUP BY v.child_id
    )
    SELECT p.child_id, p.n, r.content AS record, f.facts
    FROM page p JOIN fact_version r ON r.id = p.version_id LEFT JOIN facts f ON f.child_id = p.child_id
  `.execute(db)
  const ordered = [...rows].sort((a, b) => a.n - b.n)
  return E.map((children: readonly ChildFacts[]) => ({ children, last: ordered[ordered.length - 1]?.child_id }))(
    childFactsOf(ordered),
  )
}
