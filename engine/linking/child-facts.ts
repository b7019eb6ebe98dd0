import type { ChildRecord, Fact } from '../facts/fact'

/** One child's current record and every current fact linked to it (not the `child` record itself). */
export interface ChildFacts {
  readonly child: ChildRecord
  readonly facts: readonly Fact[]
}
