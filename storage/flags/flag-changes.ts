/**
 * What storing one evaluation changes (SPEC §3: flags are stored with
 * history). A flag raised now and not before starts a run (`since` = this
 * as-of date, event `raised`); a flag raised before and not now ends one
 * (`cleared`); a flag raised in both keeps its `since`. Pure.
 */
import type { IsoDate } from '../../engine/facts/fact'
import type { ChildEvaluation, Flag } from '../../engine/evaluate/evaluation'

export interface FlagEvent {
  readonly childId: string
  readonly ruleId: string
  readonly event: 'raised' | 'cleared'
  readonly onDate: IsoDate
}

export interface FlagState {
  readonly childId: string
  readonly flag: Flag
  readonly since: IsoDate
}

export interface FlagChanges {
  readonly events: readonly FlagEvent[]
  /** Every flag raised now, with the start of its run. */
  readonly states: readonly FlagState[]
  /** Rule ids of the flags to remove from the current state. */
  readonly cleared: readonly string[]
}

/** `held`: rule id → `since` of the flags currently stored for the child. */
export const flagChanges = (held: ReadonlyMap<string, IsoDate>, evaluation: ChildEvaluation): FlagChanges => {
  const { childId, asOf } = evaluation
  const raisedNow = new Set(evaluation.flags.map((f) => f.id))
  const events: FlagEvent[] = []
  const states: FlagState[] = evaluation.flags.map((flag) => {
    const since = held.get(flag.id)
    if (since === undefined) events.push({ childId, ruleId: flag.id, event: 'raised', onDate: asOf })
    return { childId, flag, since: since ?? asOf }
  })
  const cleared = [...held.keys()].filter((ruleId) => !raisedNow.has(ruleId)).sort()
  for (const ruleId of cleared) events.push({ childId, ruleId, event: 'cleared', onDate: asOf })
  return { events, states, cleared }
}
