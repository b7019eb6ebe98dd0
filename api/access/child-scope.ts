/**
 * Object-level authorisation for one child (OWASP API1): whether a child
 * exists for a role. Decided on today's date, never on the `asOf` a request
 * asks for (a Virtual School officer cannot see a care leaver by asking about
 * last year). Pure: the caller supplies today's cohort membership.
 */
import type { ChildFacts } from '../../engine/linking/child-facts'
import type { IsoDate } from '../../engine/facts/fact'
import type { RolePolicy } from './role-policy'

/** A care period is open on D when start ≤ D and its end is null or ≥ D (SPEC §3 "Time"). */
export const isLookedAfterOn = (child: ChildFacts, d: IsoDate): boolean =>
  child.facts.some((f) => f.kind === 'care_period' && f.start <= d && (f.end === null || f.end >= d))

export interface ScopeFacts {
  readonly today: IsoDate
  /** Whether the child is in the `missing-pilot` cohort today (asked only when the policy needs it). */
  readonly inMissingPilotToday: () => Promise<boolean>
}

export const maySee = async (policy: RolePolicy, child: ChildFacts, facts: ScopeFacts): Promise<boolean> => {
  switch (policy.children) {
    case 'any':
      return true
    case 'looked-after-today':
      return isLookedAfterOn(child, facts.today)
    case 'missing-pilot-today':
      return facts.inMissingPilotToday()
    case 'none':
      return false
  }
}
