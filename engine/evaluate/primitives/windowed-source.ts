/**
 * The reading shared by `count` and `sum`: the facts of one kind whose event
 * date is in the window and which pass the filter, each adding an amount to
 * the leaf's number (a count adds 1; a sum its field, and a fact whose amount
 * is 0 or less does not count and is not evidence).
 */
import type { Fact } from '../../facts/fact'
import type { CountableKind, Where } from '../../rule-set/condition'
import type { Window } from '../../rule-set/window'
import { addTo } from '../plan'
import type { LeafSource } from '../plan'
import { windowBound } from '../window-bound'
import { compileWhere } from './where'

export const windowedSource = (kind: CountableKind, window: Window, where: Where | undefined, amountOf: (fact: Fact) => number): LeafSource => {
  const matches = compileWhere(where)
  const bound = windowBound(window)
  return {
    kind,
    readsAfter: (frame) => bound(frame).date,
    visit: (frame, at) => {
      const lower = bound(frame).date
      return (fact, date, tally) => {
        if (date <= lower || (matches !== undefined && !matches(fact))) return false
        const amount = amountOf(fact)
        if (amount <= 0) return false
        addTo(tally, at, amount)
        return true
      }
    },
  }
}
