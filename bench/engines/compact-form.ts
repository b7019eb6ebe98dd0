/**
 * The hand loop's aggregates read from a compact form of the city's facts:
 * for each fact of a kind the compared rules read, its kind, its event day
 * (days since 1970) and two numbers (sessions, a risk or category code, an
 * ACE category), in typed arrays for the whole city, each child's facts in a
 * run of them. Built once, not timed. It measures what reading the facts
 * would cost if each child's facts were kept that way, against (d) reading
 * today's fact objects (README, "Performance": what would meet the engine
 * target); `aggregatesOf` stays the reference, and the bench checks both give
 * every child the same flags.
 */
import type { ChildFacts } from '../../engine/linking/child-facts'
import { dayNumber } from '../../engine/time/calendar'
import { londonDateOf } from '../../engine/time/london'
import { EXPLOITATION_CODES, type Aggregates, type Bounds } from './aggregates'

const ATTENDANCE = 1
const MISSING = 2
const DOMESTIC_ABUSE = 3
const DRUG_INTELLIGENCE = 4
const EXCLUSION = 5
const ACE_INDICATOR = 6
const ASSESSMENT_FACTOR = 7

const PERMANENT = 1
const SUSPENSION = 2
const NO_ACE = -1

export interface CompactCity {
  readonly kind: Int8Array
  readonly day: Int32Array
  readonly x: Int32Array
  readonly y: Int32Array
  /** Child i's facts are at start[i] up to start[i + 1]. */
  readonly start: Int32Array
  /** The window bounds as day numbers. */
  readonly days: { readonly asOf: number; readonly d30: number; readonly d42: number; readonly d90: number; readonly m6: number; readonly m12: number; readonly year: number }
}

export const compactCityOf = (children: readonly ChildFacts[], b: Bounds): CompactCity => {
  const total = children.reduce((sum, c) => sum + c.facts.length, 0)
  const kind = new Int8Array(total)
  const day = new Int32Array(total)
  const x = new Int32Array(total)
  const y = new Int32Array(total)
  const start = new Int32Array(children.length + 1)
  // ACE categories as bits of one number: the generated city has 10.
  const aceBits = new Map<string, number>()
  const aceBit = (category: string): number => {
    const known = aceBits.get(category)
    if (known !== undefined) return known
    if (aceBits.size >= 31) throw new RangeError('more ACE categories than bits')
    aceBits.set(category, aceBits.size)
    return aceBits.size - 1
  }
  let i = 0
  children.forEach((child, index) => {
    start[index] = i
    for (const f of child.facts) {
      switch (f.kind) {
        case 'attendance':
          kind[i] = ATTENDANCE
          day[i] = dayNumber(f.periodEnd)
          x[i] = f.possibleSessions
          y[i] = f.attendedSessions
          break
        case 'missing_episode':
          kind[i] = MISSING
          day[i] = dayNumber(londonDateOf(f.start))
          break
        case 'domestic_abuse_contact':
          kind[i] = DOMESTIC_ABUSE
          day[i] = dayNumber(f.occurredOn)
          x[i] = f.riskLevel === 'high' ? 1 : 0
          break
        case 'drug_intelligence':
          kind[i] = DRUG_INTELLIGENCE
          day[i] = dayNumber(f.reportedOn)
          x[i] = f.category === 'county_lines' ? 1 : 0
          break
        case 'exclusion':
          kind[i] = EXCLUSION
          day[i] = dayNumber(f.start)
          x[i] = f.type === 'permanent' ? PERMANENT : SUSPENSION
          y[i] = f.sessions ?? 0
          break
        case 'ace_indicator':
          kind[i] = ACE_INDICATOR
          day[i] = dayNumber(f.identifiedOn)
          x[i] = aceBit(f.category)
          break
        case 'assessment_factor': {
          const ace = Object.prototype.hasOwnProperty.call(b.aceByFactor, f.code) ? b.aceByFactor[f.code] : undefined
          kind[i] = ASSESSMENT_FACTOR
          day[i] = dayNumber(f.identifiedOn)
          x[i] = ace === undefined ? NO_ACE : aceBit(ace)
          y[i] = EXPLOITATION_CODES.has(f.code) ? 1 : 0
          break
        }
        default:
          break
      }
      i += 1
    }
  })
  start[children.length] = i
  const days = {
    asOf: dayNumber(b.asOf),
    d30: dayNumber(b.days30),
    d42: dayNumber(b.days42),
    d90: dayNumber(b.days90),
    m6: dayNumber(b.months6),
    m12: dayNumber(b.months12),
    year: dayNumber(b.academicYear),
  }
  return { kind, day, x, y, start, days }
}

/** `aggregatesOf` for child `index`, from the compact form. */
export const compactAggregatesOf = (city: CompactCity, index: number): Aggregates => {
  const { kind, day, x, y, start, days } = city
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
  let aces = 0
  const end = start[index + 1] as number
  for (let j = start[index] as number; j < end; j += 1) {
    const e = day[j] as number
    if (e > days.asOf) continue
    const a = x[j] as number
    switch (kind[j]) {
      case ATTENDANCE:
        if (e > days.d42) {
          possible += a
          attended += y[j] as number
        }
        break
      case MISSING:
        if (e > days.d30) missingIn30Days += 1
        if (e > days.d90) missingIn90Days += 1
        break
      case DOMESTIC_ABUSE:
        if (e > days.m12) {
          domesticAbuse += 1
          highRisk += a
        }
        break
      case DRUG_INTELLIGENCE:
        if (e > days.m6) {
          drugIntelligence += 1
          countyLines += a
        }
        break
      case EXCLUSION:
        if (e > days.m12 && a === PERMANENT) permanent += 1
        if (e > days.year && a === SUSPENSION) {
          suspensions += 1
          suspendedSessions += y[j] as number
        }
        break
      case ACE_INDICATOR:
        aces |= 1 << a
        break
      case ASSESSMENT_FACTOR:
        if (a !== NO_ACE) aces |= 1 << a
        if (e > days.m12) exploitationFactors += y[j] as number
        break
      default:
        break
    }
  }
  let aceCategories = 0
  for (let bits = aces; bits !== 0; bits &= bits - 1) aceCategories += 1
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
    aceCategories,
  }
}
