/**
 * A ChildSource over storage: children and their current facts through
 * storage's own loader (which decodes every row), lookups through the child
 * and identifier tables, stored tiers and flag runs from `child_score` and
 * `flag_state`, the data version from `ingest_run`. Every value is a bound
 * parameter.
 *
 * A stored row that does not decode is a fault of the database, not of the
 * request: it is thrown as an error that names the table and key only, and
 * answered as a generic 500.
 */
import * as E from 'fp-ts/Either'
import { familyNameKey } from '../../engine/facts/family-name'
import type { Kysely } from 'kysely'
import type { Database } from '../../storage/database/database'
import { loadChildFacts } from '../../storage/facts/load-child-facts'
import { loadChildForLookup } from '../../storage/facts/load-child-for-lookup'
import { streamChildIds } from '../../storage/children/stream-child-ids'
import type { ChildFacts } from '../../engine/linking/child-facts'
import type { IsoDate } from '../../engine/facts/fact'
import type { Tier } from '../../engine/evaluate/evaluation'
import type { ChildLookup } from '../services'
import type { ChildSource } from './child-source'

/** Children per page of a cohort pass: small, because decoding a page holds the event loop. */
const PAGE = 250

export class StoredDataInvalid extends Error {
  readonly code = 'STORED_ROW_INVALID'
  constructor(readonly tables: readonly string[]) {
    super('stored rows do not decode')
    this.name = 'StoredDataInvalid'
  }
}

const TIERS: readonly Tier[] = ['high', 'medium', 'low', 'none']

/** Pages of children, the next one loading while the caller works on the current one. */
async function* prefetched(
  pages: AsyncGenerator<readonly string[]>,
  load: (childIds: readonly string[]) => Promise<readonly ChildFacts[]>,
): AsyncGenerator<readonly ChildFacts[]> {
  const nextPage = async (): Promise<readonly ChildFacts[] | undefined> => {
    const ids = await pages.next()
    return ids.done === true ? undefined : load(ids.value)
  }
  let next = nextPage()
  try {
    for (;;) {
      const page = await next
      if (page === undefined) return
      next = nextPage()
      yield page
    }
  } finally {
    // Stopped early: the page being fetched is not wanted, and its failure is not news.
    next.catch(() => undefined)
    await pages.return(undefined)
  }
}

export const storageSource = (db: Kysely<Database>): ChildSource => {
  const load = async (childIds: readonly string[]): Promise<readonly ChildFacts[]> => {
    const loaded = await loadChildFacts(db, childIds)
    if (E.isLeft(loaded)) throw new StoredDataInvalid([...new Set(loaded.left.map((p) => p.table))])
    return loaded.right
  }
  const flagRuns = async (childId: string): Promise<ReadonlyMap<string, IsoDate>> => {
    const rows = await db.selectFrom('flag_state').select(['rule_id', 'since']).where('child_id', '=', childId).execute()
    return new Map<string, IsoDate>(rows.map((r) => [r.rule_id, r.since]))
  }
  /** Flag runs read with the child, by the child childFacts returned. */
  const sinceOf = new WeakMap<ChildFacts, ReadonlyMap<string, IsoDate>>()
  const idsOf = async (lookup: ChildLookup): Promise<readonly string[]> => {
    if (lookup.by === 'name') {
      // Everyone born that day (a handful, by the date-of-birth index), the name compared here: in Node, letter
      // case folds the same on PGlite and on any server's collation (engine/facts/family-name).
      const rows = await db
        .selectFrom('child')
        .select(['child_id', 'family_name'])
        .where('date_of_birth', '=', lookup.dateOfBirth)
        .orderBy('child_id')
        .execute()
      const asked = familyNameKey(lookup.familyName)
      return rows.filter((r) => r.family_name !== null && familyNameKey(r.family_name) === asked).map((r) => r.child_id)
    }
    const [type, value] = lookup.by === 'upn' ? ['upn', lookup.upn] : ['nhsNumber', lookup.nhsNumber]
    const rows = await db
      .selectFrom('child_identifier')
      .select('child_id')
      .where('type', '=', type)
      .where('value', '=', value)
      .orderBy('child_id')
      .execute()
    return rows.map((r) => r.child_id)
  }
  return {
    childFacts: async (childId) => {
      const loaded = await loadChildForLookup(db, childId)
      if (E.isLeft(loaded)) throw new StoredDataInvalid([...new Set(loaded.left.map((p) => p.table))])
      if (loaded.right === undefined) return undefined
      sinceOf.set(loaded.right.child, loaded.right.flagSince)
      return loaded.right.child
    },
    childrenFacts: (childIds) => load(childIds),
    childPages: () => prefetched(streamChildIds(db, PAGE), load),
    dataVersion: async () => {
      const row = await db.selectFrom('ingest_run').select((eb) => eb.fn.max('id').as('version')).executeTakeFirst()
      return row?.version === null || row?.version === undefined ? '0' : String(row.version)
    },
    runsAfter: async (version) => {
      const rows = await db.selectFrom('ingest_run').select('id').where('id', '>', version).orderBy('id').execute()
      return rows.map((r) => String(r.id))
    },
    findChildren: async (lookup) => (await load(await idsOf(lookup))).map((c) => c.child),
    storedTiers: async (childIds) => {
      if (childIds.length === 0) return new Map()
      const rows = await db.selectFrom('child_score').select(['child_id', 'tier']).where('child_id', 'in', [...childIds]).execute()
      return new Map(rows.flatMap((r) => (TIERS.includes(r.tier) ? [[r.child_id, r.tier] as const] : [])))
    },
    // Read with the child when childFacts loaded it (a lookup is one statement), else now.
    flagSince: async (child) => sinceOf.get(child) ?? flagRuns(child.child.childId),
  }
}
