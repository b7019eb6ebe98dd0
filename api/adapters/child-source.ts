/**
 * Where the API's engine glue reads children from: storage in the service,
 * memory in some tests. Narrow on purpose (kysely's habit): only what the
 * routes and the cohort cache need.
 */
import type { ChildFacts } from '../../engine/linking/child-facts'
import type { ChildRecord, IsoDate } from '../../engine/facts/fact'
import type { Tier } from '../../engine/evaluate/evaluation'
import type { ChildLookup } from '../services'

export interface ChildSource {
  readonly childFacts: (childId: string) => Promise<ChildFacts | undefined>
  /** The children among `childIds` that have a current record, with their facts. */
  readonly childrenFacts: (childIds: readonly string[]) => Promise<readonly ChildFacts[]>
  /** Every child with a current record, a page at a time (cohorts are computed over all of them, in bounded memory). */
  readonly childPages: () => AsyncIterable<readonly ChildFacts[]>
  /**
   * The data version: a whole number (as text) that grows whenever stored
   * facts change, i.e. the newest committed ingest run. Batches are
   * serialised by ingest's lock, so runs commit in id order.
   */
  readonly dataVersion: () => Promise<string>
  /** Ids of the runs committed after a data version, oldest first. */
  readonly runsAfter: (version: string) => Promise<readonly string[]>
  /** Current child records matching a lookup exactly. */
  readonly findChildren: (lookup: ChildLookup) => Promise<readonly ChildRecord[]>
  /** The stored tier of each child that has been scored. */
  readonly storedTiers: (childIds: readonly string[]) => Promise<ReadonlyMap<string, Tier>>
  /** The start of each stored flag's current run (`since`), by rule id, for a child this source loaded. */
  readonly flagSince: (child: ChildFacts) => Promise<ReadonlyMap<string, IsoDate>>
}
