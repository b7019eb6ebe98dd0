/**
 * The explanation of an evaluated condition: it mirrors the tree and gives
 * every node its numbers and thresholds, e.g. "3 missing episodes started in
 * the 90 days to 2026-11-24 (threshold 3)". `all` joins its parts with "and",
 * `any` with "or", `not` reads "not (…)", a rule reference gives the rule's
 * title and its own explanation. An absent feed is said to be absent.
 */
import type { FactKind } from '../facts/fact'
import { labelForms } from '../rule-set/condition'
import { KIND_NOUNS, counted, humanise, nounOf, percent, whereText, windowText } from './phrases'
import { dateOf } from './dated-fact'
import type { LeafResult, NodeResult } from './node-result'

/**
 * Open periods explained without their start dates: a care period's dates
 * are social care's, and LAC_ATTENDANCE, which reads one, is an education
 * flag that the Virtual School sees with education data only (RELIABILITY
 * P1, P11: it may know that a child is looked after today, not since when).
 * The evidence keeps the care period, dated, for the roles that may see it.
 */
const UNDATED_OPEN_KINDS: ReadonlySet<FactKind> = new Set<FactKind>(['care_period'])

const started = (dates: readonly string[], verb: string): string => (dates.length === 0 ? '' : ` (${verb} ${dates.join(', ')})`)

const explainLeaf = (r: LeafResult): string => {
  switch (r.tag) {
    case 'count': {
      const { spec } = r
      return `${counted(r.count, nounOf(spec.label, spec.kind, spec.where))} ${windowText(spec.window, r.asOf)} (threshold ${spec.atLeast})`
    }
    case 'sum': {
      const { spec } = r
      const noun = spec.label !== undefined ? nounOf(spec.label, spec.kind, spec.where) : undefined
      const what =
        noun !== undefined
          ? counted(r.total, noun)
          : `${r.total} ${spec.field} over ${KIND_NOUNS[spec.kind].other}${whereText(spec.where)}`
      return `${what} ${windowText(spec.window, r.asOf)} (threshold ${spec.atLeast})`
    }
    case 'absenceRate': {
      const { spec, possible, absent } = r
      const window = windowText(spec.window, r.asOf)
      if (r.hits.length === 0) return `no attendance data ${window}`
      const rate = percent(absent, possible)
      if (possible < spec.minPossibleSessions)
        return `only ${possible} possible sessions ${window}, fewer than the ${spec.minPossibleSessions} needed (absent for ${absent}, ${rate})`
      return `absent for ${absent} of ${possible} possible sessions (${rate}) ${window} (threshold ${spec.atLeastPercent}%)`
    }
    case 'distinct': {
      const { spec } = r
      const label = spec.label === undefined ? { one: 'distinct value', other: 'distinct values' } : labelForms(spec.label)
      const list = r.values.length === 0 ? '' : `: ${r.values.map(humanise).join(', ')}`
      return `${counted(r.values.length, label)} ${windowText(spec.window, r.asOf)} (threshold ${spec.atLeast})${list}`
    }
    case 'open': {
      const { spec } = r
      const noun = KIND_NOUNS[spec.kind]
      const n = r.hits.length
      const what = n === 0 ? `no ${noun.one}` : counted(n, noun)
      const dates = UNDATED_OPEN_KINDS.has(spec.kind) ? '' : started(r.hits.map(dateOf), 'started')
      return `${what}${whereText(spec.where)} open on ${r.asOf}${dates}`
    }
    case 'age': {
      const { atLeast, below } = r.spec
      const bounds = [
        ...(atLeast === undefined ? [] : [`at least ${atLeast}`]),
        ...(below === undefined ? [] : [`below ${below}`]),
      ]
      return `aged ${r.age} on ${r.asOf} (${bounds.join(' and ')})`
    }
    case 'returnInterviewOverdue': {
      const { spec } = r
      const n = r.hits.length
      const what = n === 0 ? `no ${KIND_NOUNS.missing_episode.one}` : counted(n, KIND_NOUNS.missing_episode)
      return (
        `${what} ended ${windowText(spec.window, r.asOf)} more than ${spec.hoursAfterEnd} hours before the end of ${r.asOf} ` +
        `with no return interview offered, completed or declined by then${started(r.hits.map(dateOf), 'ended')}`
      )
    }
  }
}

/** A composite inside another composite is bracketed, so "and" and "or" never run together. */
const bracketed = (r: NodeResult): string =>
  (r.tag === 'all' || r.tag === 'any') && r.parts.length > 1 ? `(${explainResult(r)})` : explainResult(r)

export const explainResult = (r: NodeResult): string => {
  switch (r.tag) {
    case 'all':
      return r.parts.map(bracketed).join(' and ')
    case 'any':
      return r.parts.map(bracketed).join(' or ')
    case 'not':
      return `not (${explainResult(r.part)})`
    case 'rule':
      return `${r.title} (${explainResult(r.result)})`
    default:
      return explainLeaf(r)
  }
}
