/**
 * Ordering cohort rows by a definition's `order`, then by `childId` (plain
 * code-unit order) so every list is deterministic. `null` sorts after every
 * real value whichever the direction ("no attendance data" is not "lowest
 * rate"); `false` sorts before `true`, so `desc` puts `true` first.
 */
import type { CohortOrder } from '../rule-set/cohort-definition'
import type { CohortRow } from './cohort-row'
import type { SortKey } from './columns'
import { COLUMNS } from './columns'

const compareCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** Compares two non-null keys of the same column; mixed types fall back to their type names. */
const compareKeys = (a: Exclude<SortKey, null>, b: Exclude<SortKey, null>): number => {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b)
  if (typeof a === 'string' && typeof b === 'string') return compareCodeUnits(a, b)
  return compareCodeUnits(typeof a, typeof b)
}

const keyOf = (row: CohortRow, by: CohortOrder['by']): SortKey => {
  if (by === 'score') return row.score
  if (by === 'childId') return row.childId
  const cell = row.columns[by] ?? null
  const column = COLUMNS[by]
  return column.sortKey === undefined ? cell : column.sortKey(cell)
}

const isMissing = (k: SortKey): k is null => k === null || (typeof k === 'number' && Number.isNaN(k))

export const compareRows =
  (order: readonly CohortOrder[]) =>
  (a: CohortRow, b: CohortRow): number => {
    for (const { by, direction } of order) {
      const ka = keyOf(a, by)
      const kb = keyOf(b, by)
      if (isMissing(ka) || isMissing(kb)) {
        if (isMissing(ka) && isMissing(kb)) continue
        return isMissing(ka) ? 1 : -1
      }
      const c = compareKeys(ka, kb)
      if (c !== 0) return direction === 'asc' ? c : -c
    }
    return compareCodeUnits(a.childId, b.childId)
  }
