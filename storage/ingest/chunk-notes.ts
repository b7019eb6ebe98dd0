/**
 * What one written chunk leaves for the end of its batch (pure): child
 * records whose content changed (to sync), facts that wait for a child (to
 * count as unmatched unless a child record of the batch links them), and the
 * children whose facts changed (to score again).
 */
import type { FactVersion } from '../../engine/facts/fact'
import type { UnmatchedKey } from './batch-scratch'
import type { HeldVersion } from './load-held-versions'
import type { KeyResolution } from './resolve-arrivals'

export interface ResolvedFact {
  readonly key: string
  readonly source: string
  readonly sourceId: string
  readonly held: HeldVersion | undefined
  readonly resolution: KeyResolution
}

/** A child record whose content changed, with the line that speaks for it. */
export interface ChildKey {
  readonly source: string
  readonly sourceId: string
  readonly line: number
}

export interface ChunkNotes {
  readonly childKeys: readonly ChildKey[]
  readonly unmatched: readonly UnmatchedKey[]
  readonly affected: readonly string[]
}

/** A fact that counts and waits for a child. */
const waits = (current: FactVersion, childId: string | null): boolean =>
  current.kind !== 'child' && current.withdrawn !== true && childId === null

/** `linkOf`: the link each new current version got when written, by fact key. */
export const chunkNotes = (
  facts: readonly ResolvedFact[],
  linkOf: ReadonlyMap<string, string | null>,
): ChunkNotes => {
  const childKeys: ChildKey[] = []
  const unmatched: UnmatchedKey[] = []
  const affected = new Set<string>()
  for (const { key, source, sourceId, held, resolution } of facts) {
    const current = resolution.newCurrent?.fact ?? held?.version
    if (current === undefined) continue
    const childId = resolution.newCurrent === undefined ? (held?.childId ?? null) : (linkOf.get(key) ?? null)
    if (waits(current, childId)) unmatched.push({ source, sourceId, isNew: held === undefined })
    if (!resolution.contentChanged) continue
    if (current.kind === 'child' || held?.version.kind === 'child') childKeys.push({ source, sourceId, line: resolution.line })
    if (held?.childId !== undefined && held.childId !== null) affected.add(held.childId)
    if (childId !== null) affected.add(childId)
  }
  return { childKeys, unmatched, affected: [...affected] }
}
