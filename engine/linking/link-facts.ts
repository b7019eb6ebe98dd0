/**
 * Groups current facts by child: the in-memory linking that file-based
 * `evaluate` uses. Storage links the same way, one batch at a time.
 */
import * as E from 'fp-ts/Either'
import type { ChildRecord, Fact } from '../facts/fact'
import type { ChildFacts } from './child-facts'
import { buildChildIndex, resolveSubject, type LinkConflict } from './child-index'

export interface LinkedFacts {
  /** Every child with a current record, in `childId` order (code units). */
  readonly children: readonly ChildFacts[]
  /** Facts no current child identifies yet: kept, not dropped. */
  readonly unmatched: readonly Fact[]
}

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

export const linkFacts = (facts: readonly Fact[]): E.Either<readonly LinkConflict[], LinkedFacts> => {
  const records = facts.filter((f): f is ChildRecord => f.kind === 'child')
  return E.map((index: Parameters<typeof resolveSubject>[0]) => {
    const grouped = new Map<string, Fact[]>()
    const unmatched: Fact[] = []
    for (const fact of facts) {
      if (fact.kind === 'child') continue
      const childId = resolveSubject(index, fact.subject)
      if (childId === undefined) unmatched.push(fact)
      else {
        const list = grouped.get(childId)
        if (list === undefined) grouped.set(childId, [fact])
        else list.push(fact)
      }
    }
    const children = [...index.byChildId.keys()]
      .sort(byCodeUnits)
      .map((childId): ChildFacts => ({
        child: index.byChildId.get(childId) as ChildRecord,
        facts: grouped.get(childId) ?? [],
      }))
    return { children, unmatched }
  })(buildChildIndex(records))
}
