/**
 * The rules all four implementations compute: those of the default rule set
 * that json-rules-engine can express once each child's aggregates are
 * precomputed as facts (a count or a sum in a window, the attendance rate,
 * the number of distinct ACE categories) and the composite built on them.
 *
 * Left out, and why: MISSING_ONGOING, EDUCATION_STATUS and LAC_ATTENDANCE ask
 * whether a period is open on D, and RHI_OVERDUE whether an episode ended more
 * than 72 hours before the end of D with no interview by then; precomputed,
 * each would be the whole rule reduced to a boolean fact, leaving
 * json-rules-engine nothing to decide.
 */
import type { RuleSet } from '../../engine/rule-set/rule-set'

export const COMPARED_RULES = [
  'ACE_FOUR_PLUS',
  'ATTENDANCE_PERSISTENT',
  'ATTENDANCE_SEVERE',
  'COUNTY_LINES',
  'DOMESTIC_ABUSE',
  'DOMESTIC_ABUSE_REPEAT',
  'DRUG_INTELLIGENCE',
  'EXPLOITATION_CONCERN',
  'EXPLOITATION_FACTOR',
  'MISSING_RECENT',
  'MISSING_REPEAT',
  'PERMANENT_EXCLUSION',
  'SUSPENSIONS',
] as const

export type ComparedRule = (typeof COMPARED_RULES)[number]

export const LEFT_OUT_RULES = ['EDUCATION_STATUS', 'LAC_ATTENDANCE', 'MISSING_ONGOING', 'RHI_OVERDUE'] as const

/** The default rule set cut down to the compared rules (their references stay inside the subset). */
export const comparedRuleSet = (ruleSet: RuleSet): RuleSet => {
  const ids = new Set<string>(COMPARED_RULES)
  const rules = ruleSet.rules.filter((r) => ids.has(r.id))
  const missing = COMPARED_RULES.filter((id) => !rules.some((r) => r.id === id))
  if (missing.length > 0) throw new Error(`the default rule set has no ${missing.join(', ')}`)
  const unexpected = ruleSet.rules.filter((r) => !ids.has(r.id) && !(LEFT_OUT_RULES as readonly string[]).includes(r.id))
  if (unexpected.length > 0) throw new Error(`rules neither compared nor left out: ${unexpected.map((r) => r.id).join(', ')}`)
  return { ...ruleSet, rules, cohorts: [] }
}
