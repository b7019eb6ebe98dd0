/**
 * Each child's aggregates, written by hand the way a developer would without
 * a rules engine: one pass over the child's facts, plain dates compared as
 * `YYYY-MM-DD` strings against bounds worked out once, a missing episode's
 * start turned into its London date with the calendar helpers. The hand loop
 * reads flags straight off these; json-rules-engine gets them as its facts.
 *
 * Windows (SPEC §3 "Time"): an event date e is in "the N days to D" when
 * D − N < e ≤ D, in "the N months to D" when D − N months < e ≤ D, and in the
 * academic year when 1 September ≤ e ≤ D.
 */
import type { IsoDate } from '../../engine/facts/fact'
import type { ChildFacts } from '../../engine/linking/child-facts'
import type { AceByFactor } from '../../engine/rule-set/manifest'
import { academicYearStart, addDays, subtractMonths } from '../../engine/time/calendar'
import { londonDateOf } from '../../engine/time/london'

export interface Aggregates {
  readonly missingIn30Days: number
  readonly missingIn90Days: number
  readonly possibleSessionsIn6Weeks: number
  readonly absentSessionsIn6Weeks: number
  /** Absent sessions over possible sessions × 100; 0 with no possible sessions. */
  readonly absencePercentIn6Weeks: number
  readonly domesticAbuseIn12Months: number
  readonly highRiskDomesticAbuseIn12Months: number
  readonly drugIntelligenceIn6Months: number
  readonly countyLinesIn6Months: number
  readonly exploitationFactorsIn12Months: number
  readonly permanentExclusionsIn12Months: number
  readonly suspensionsThisYear: number
  readonly suspendedSessionsThisYear: number
  readonly aceCategories: number
}

/** The lower bounds (exclusive) of each window, as dates. */
export interface Bounds {
  readonly asOf: IsoDate
  readonly days30: IsoDate
  readonly days42: IsoDate
  readonly days90: IsoDate
  readonly months6: IsoDate
  readonly months12: IsoDate
  readonly academicYear: IsoDate
  readonly aceByFactor: AceByFactor
}

export const boundsFor = (asOf: IsoDate, aceByFactor: AceByFactor): Bounds => ({
  asOf,
  days30: addDays(asOf, -30),
  days42: addDays(asOf, -42),
  days90: addDays(asOf, -90),
  months6: subtractMonths(asOf, 6),
  months12: subtractMonths(asOf, 12),
  academicYear: addDays(academicYearStart(asOf), -1),
  aceByFactor,
})

/** The assessment factor codes EXPLOITATION_FACTOR counts (rules/exploitation-factor.json, copied by hand). */
export const EXPLOITATION_CODES: ReadonlySet<string> = new Set(['10A', '11A', '12A', '13A', '24A'])

export const aggregatesOf = ({ facts }: ChildFacts, b: Bounds): Aggregates => {
  const asOf = b.asOf
  let missingIn30Days = 0
  let missingIn90Days = 0
  let possible = 0
  let attended = 0
  let domesticAbuse = 0
  let highRisk = 0
  let drugIntelligence = 0
  let countyLines = 0
  let exploitationFactors = 0
  let permanent = 0
  let suspensions = 0
  let suspendedSessions = 0
  let aces: Set<string> | undefined
  for (const f of facts) {
    switch (f.kind) {
      case 'attendance':
        if (f.periodEnd > b.days42 && f.periodEnd <= asOf) {
          possible += f.possibleSessions
          attended += f.attendedSessions
        }
        break
      case 'missing_episode': {
        const start = londonDateOf(f.start)
        if (start <= asOf) {
          if (start > b.days30) missingIn30Days += 1
          if (start > b.days90) missingIn90Days += 1
        }
        break
      }
      case 'domestic_abuse_contact':
        if (f.occurredOn > b.months12 && f.occurredOn <= asOf) {
          domesticAbuse += 1
          if (f.riskLevel === 'high') highRisk += 1
        }
        break
      case 'drug_intelligence':
        if (f.reportedOn > b.months6 && f.reportedOn <= asOf) {
          drugIntelligence += 1
          if (f.category === 'county_lines') countyLines += 1
        }
        break
      case 'exclusion':
        if (f.start > b.months12 && f.start <= asOf && f.type === 'permanent') permanent += 1
        if (f.start > b.academicYear && f.start <= asOf && f.type === 'suspension') {
          suspensions += 1
          suspendedSessions += f.sessions ?? 0
        }
        break
      case 'ace_indicator':
        if (f.identifiedOn <= asOf) (aces ??= new Set()).add(f.category)
        break
      case 'assessment_factor':
        if (f.identifiedOn <= asOf) {
          const ace = Object.prototype.hasOwnProperty.call(b.aceByFactor, f.code) ? b.aceByFactor[f.code] : undefined
          if (ace !== undefined) (aces ??= new Set()).add(ace)
          if (f.identifiedOn > b.months12 && EXPLOITATION_CODES.has(f.code)) exploitationFactors += 1
        }
        break
      default:
        break
    }
  }
  return {
    missingIn30Days,
    missingIn90Days,
    possibleSessionsIn6Weeks: possible,
    absentSessionsIn6Weeks: possible - attended,
    absencePercentIn6Weeks: possible > 0 ? ((possible - attended) * 100) / possible : 0,
    domesticAbuseIn12Months: domesticAbuse,
    highRiskDomesticAbuseIn12Months: highRisk,
    drugIntelligenceIn6Months: drugIntelligence,
    countyLinesIn6Months: countyLines,
    exploitationFactorsIn12Months: exploitationFactors,
    permanentExclusionsIn12Months: permanent,
    suspensionsThisYear: suspensions,
    suspendedSessionsThisYear: suspendedSessions,
    aceCategories: aces?.size ?? 0,
  }
}
