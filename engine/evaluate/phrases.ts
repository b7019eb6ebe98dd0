/**
 * The words explanations are made of: nouns for each kind, windows in words,
 * percentages that never round up past a threshold.
 */
import type { IsoDate } from '../facts/fact'
import type { CountableKind, Label, Where } from '../rule-set/condition'
import { labelForms } from '../rule-set/condition'
import type { Window } from '../rule-set/window'
import { academicYearStart } from '../time/calendar'

export interface Noun {
  readonly one: string
  readonly other: string
}

export const KIND_NOUNS: { readonly [K in CountableKind]: Noun } = {
  care_period: { one: 'care period', other: 'care periods' },
  missing_episode: { one: 'missing episode', other: 'missing episodes' },
  attendance: { one: 'attendance summary', other: 'attendance summaries' },
  exclusion: { one: 'exclusion', other: 'exclusions' },
  education_status: { one: 'education status', other: 'education statuses' },
  ace_indicator: { one: 'ACE indicator', other: 'ACE indicators' },
  assessment_factor: { one: 'assessment factor', other: 'assessment factors' },
  domestic_abuse_contact: { one: 'domestic abuse contact', other: 'domestic abuse contacts' },
  drug_intelligence: { one: 'drug intelligence report', other: 'drug intelligence reports' },
  youth_justice_outcome: { one: 'youth justice outcome', other: 'youth justice outcomes' },
}

/** " with type suspension", " with status a, b or c": the filter in words. */
export const whereText = (where: Where | undefined): string =>
  Object.entries(where ?? {})
    .map(([field, values]) => ` with ${field} ${orList(values.map(String))}`)
    .join('')

export const orList = (items: readonly string[]): string =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`

/** The label's noun, or the kind's noun with its filter. */
export const nounOf = (label: Label | undefined, kind: CountableKind, where: Where | undefined): Noun => {
  if (label !== undefined) return labelForms(label)
  const noun = KIND_NOUNS[kind]
  const filter = whereText(where)
  return { one: `${noun.one}${filter}`, other: `${noun.other}${filter}` }
}

export const counted = (n: number, noun: Noun): string => `${n} ${n === 1 ? noun.one : noun.other}`

/** "in the 90 days to D", "in the 6 weeks to D", "in the 12 months to D", "in the academic year from … to D", "on or before D". */
export const windowText = (window: Window, asOf: IsoDate): string => {
  if (window === 'academicYear') return `in the academic year from ${academicYearStart(asOf)} to ${asOf}`
  if (window === 'onOrBefore') return `on or before ${asOf}`
  if ('days' in window) {
    const { days } = window
    if (days === 1) return `on ${asOf}`
    if (days % 7 === 0 && days >= 14) return `in the ${days / 7} weeks to ${asOf}`
    return `in the ${days} days to ${asOf}`
  }
  return window.months === 1 ? `in the month to ${asOf}` : `in the ${window.months} months to ${asOf}`
}

/** part/whole as a percentage to one decimal place, rounded down so it never shows a threshold it did not reach. */
export const percent = (part: number, whole: number): string => {
  if (whole <= 0) return '0%'
  const tenths = Math.floor((part * 1000) / whole)
  const units = Math.floor(tenths / 10)
  const rest = tenths % 10
  return rest === 0 ? `${units}%` : `${units}.${rest}%`
}

export const humanise = (code: string): string => code.replace(/_/g, ' ')
