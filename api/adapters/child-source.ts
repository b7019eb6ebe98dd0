/**
 * Where the API's engine glue reads children from: storage in the service,
 * memory in some tests. Narrow on purpose (kysely's habit): only what the
 * routes need.
 */
import type { ChildFacts } from '../../engine/linking/child-facts'
import type { ChildRecord, IsoDate } from '../../engine/facts/fact'
import type { Tier } from '../../engine/evaluate/evaluation'
import type { ChildLookup } from '../services'

export interface ChildSource {
  readonly childFacts: (childId: string) => Promise<ChildFacts | undefined>
  /** Every child with a current record (cohorts are computed over all of them). */
  readonly allChildFacts: () => Promise<readonly ChildFacts[]>
  /** Current child records matching a lookup exactly. */
  readonly findChildren: (lookup: ChildLookup) => Promise<readonly ChildRecord[]>
  /** The stored tier of each child that has been scored. */
  readonly storedTiers: (childIds: readonly string[]) => Promise<ReadonlyMap<string, Tier>>
  /** The start of each stored flag's current run (`since`), by rule id. */
  readonly flagSince: (childId: string) => Promise<ReadonlyMap<string, IsoDate>>
}
