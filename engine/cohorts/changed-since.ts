/**
 * `changedSince` (SPEC §4): compares a cohort as of an earlier date with the
 * cohort now and names the children who entered, left, or whose flags changed.
 *
 * `raised` and `cleared` are always the difference between the flag ids of the
 * earlier row and of the current row, an absent row having none: a child who
 * entered lists its current flags as raised, one who left lists its earlier
 * flags as cleared. Entries follow the current list's order, then the children
 * who left in the earlier list's order.
 */
import type { CohortRow } from './cohort-row'

export type CohortChangeKind = 'entered' | 'left' | 'flags_changed'

export interface CohortChange {
  readonly childId: string
  readonly change: CohortChangeKind
  readonly raised: readonly string[]
  readonly cleared: readonly string[]
}

const minus = (a: readonly string[], b: readonly string[]): readonly string[] => {
  const other = new Set(b)
  return [...new Set(a)].filter((x) => !other.has(x)).sort()
}

export const changedSince = (earlier: readonly CohortRow[], now: readonly CohortRow[]): readonly CohortChange[] => {
  const before = new Map(earlier.map((r) => [r.childId, r]))
  const current = new Set(now.map((r) => r.childId))
  const changes: CohortChange[] = []
  for (const row of now) {
    const was = before.get(row.childId)
    const raised = minus(row.flags, was?.flags ?? [])
    const cleared = minus(was?.flags ?? [], row.flags)
    if (was === undefined) changes.push({ childId: row.childId, change: 'entered', raised, cleared })
    else if (raised.length > 0 || cleared.length > 0) {
      changes.push({ childId: row.childId, change: 'flags_changed', raised, cleared })
    }
  }
  for (const row of earlier) {
    if (!current.has(row.childId)) {
      changes.push({ childId: row.childId, change: 'left', raised: [], cleared: minus(row.flags, []) })
    }
  }
  return changes
}
