/**
 * (d) The compared rules as plain TypeScript over each child's aggregates:
 * the thresholds copied from the rule files by hand.
 */
import type { ChildFacts } from '../../engine/linking/child-facts'
import { aggregatesOf } from './aggregates'
import type { Aggregates, Bounds } from './aggregates'
import type { ComparedRule } from './subset'

export const handFlags = (a: Aggregates): ComparedRule[] => {
  const flags: ComparedRule[] = []
  const missingRecent = a.missingIn30Days >= 1
  const missingRepeat = a.missingIn90Days >= 3
  const drugIntelligence = a.drugIntelligenceIn6Months >= 1
  const exploitationFactor = a.exploitationFactorsIn12Months >= 1
  const suspensions = a.suspensionsThisYear >= 2 || a.suspendedSessionsThisYear >= 10
  const permanentExclusion = a.permanentExclusionsIn12Months >= 1
  const enoughSessions = a.possibleSessionsIn6Weeks >= 20
  if (missingRecent) flags.push('MISSING_RECENT')
  if (missingRepeat) flags.push('MISSING_REPEAT')
  if (enoughSessions && a.absentSessionsIn6Weeks * 100 >= 10 * a.possibleSessionsIn6Weeks) flags.push('ATTENDANCE_PERSISTENT')
  if (enoughSessions && a.absentSessionsIn6Weeks * 100 >= 50 * a.possibleSessionsIn6Weeks) flags.push('ATTENDANCE_SEVERE')
  if (a.domesticAbuseIn12Months >= 1) flags.push('DOMESTIC_ABUSE')
  if (a.domesticAbuseIn12Months >= 2 || a.highRiskDomesticAbuseIn12Months >= 1) flags.push('DOMESTIC_ABUSE_REPEAT')
  if (drugIntelligence) flags.push('DRUG_INTELLIGENCE')
  if (a.countyLinesIn6Months >= 1) flags.push('COUNTY_LINES')
  if (exploitationFactor) flags.push('EXPLOITATION_FACTOR')
  if (permanentExclusion) flags.push('PERMANENT_EXCLUSION')
  if (suspensions) flags.push('SUSPENSIONS')
  if (a.aceCategories >= 4) flags.push('ACE_FOUR_PLUS')
  if ((missingRecent || missingRepeat) && (drugIntelligence || exploitationFactor || suspensions || permanentExclusion)) {
    flags.push('EXPLOITATION_CONCERN')
  }
  return flags
}

export const handLoopFlags = (child: ChildFacts, bounds: Bounds): ComparedRule[] => handFlags(aggregatesOf(child, bounds))
