/**
 * What each role may see (SPEC §1), written down once as data (ASVS V8.1.1:
 * written authorisation rules, field level included). Everything that filters
 * a response reads this table; nothing else decides.
 *
 * | role | children | flag categories | restricted intelligence | identity | cohorts |
 * |---|---|---|---|---|---|
 * | mash | any | all | shown | names | all |
 * | missing_pilot | `missing-pilot` members today | all | masked | names | missing-pilot, exploitation |
 * | virtual_school | looked after today | education | masked | names | lac-attendance |
 * | yot_analyst | none individually | all | masked | pseudonym, age only | first-time-entrants |
 * | ingest, admin | none | none | masked | none | none |
 */
import type { RuleCategory } from '../../engine/evaluate/evaluation'
import type { Role } from '../auth/roles'

export type ChildScope = 'any' | 'missing-pilot-today' | 'looked-after-today' | 'none'

export interface RolePolicy {
  /** Which children exist for the role, decided on today's date whatever `asOf` asks. */
  readonly children: ChildScope
  /** Flag categories (and so fact kinds and evidence) the role sees. */
  readonly categories: 'all' | readonly RuleCategory[]
  /** Whether intelligence with handling code C is shown as it is (MASH) or as `{ kind, restricted: true }`. */
  readonly restrictedIntelligence: 'shown' | 'masked'
  /** Names with the childId, a keyed pseudonym instead of the childId, or nothing. */
  readonly identity: 'names' | 'pseudonym' | 'none'
  readonly cohorts: 'all' | readonly string[]
}

export const MISSING_PILOT_COHORT = 'missing-pilot'
/** Every child with a care period open on D (SPEC §4): on today's date, the Virtual School's children. */
export const LAC_ATTENDANCE_COHORT = 'lac-attendance'

export const ROLE_POLICIES: Readonly<Record<Role, RolePolicy>> = {
  mash: { children: 'any', categories: 'all', restrictedIntelligence: 'shown', identity: 'names', cohorts: 'all' },
  missing_pilot: {
    children: 'missing-pilot-today',
    categories: 'all',
    restrictedIntelligence: 'masked',
    identity: 'names',
    cohorts: [MISSING_PILOT_COHORT, 'exploitation'],
  },
  virtual_school: {
    children: 'looked-after-today',
    categories: ['education'],
    restrictedIntelligence: 'masked',
    identity: 'names',
    cohorts: [LAC_ATTENDANCE_COHORT],
  },
  yot_analyst: {
    children: 'none',
    categories: 'all',
    restrictedIntelligence: 'masked',
    identity: 'pseudonym',
    cohorts: ['first-time-entrants'],
  },
  ingest: { children: 'none', categories: [], restrictedIntelligence: 'masked', identity: 'none', cohorts: [] },
  admin: { children: 'none', categories: [], restrictedIntelligence: 'masked', identity: 'none', cohorts: [] },
}

export const policyOf = (role: Role): RolePolicy => ROLE_POLICIES[role]

export const seesCategory = (policy: RolePolicy, category: RuleCategory): boolean =>
  policy.categories === 'all' || policy.categories.includes(category)

export const readsCohort = (policy: RolePolicy, cohort: string): boolean =>
  policy.cohorts === 'all' || policy.cohorts.includes(cohort)

/**
 * The cohort whose members today are the role's children (SPEC §1), for
 * roles whose children are one: a cohort page for such a role lists only
 * them, whichever cohort it reads.
 */
export const scopeCohortOf = (policy: RolePolicy): string | undefined => {
  switch (policy.children) {
    case 'missing-pilot-today':
      return MISSING_PILOT_COHORT
    case 'looked-after-today':
      return LAC_ATTENDANCE_COHORT
    case 'any':
    case 'none':
      return undefined
  }
}
