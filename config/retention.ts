/**
 * Retention periods (SPEC §5 `retention`; RELIABILITY P3: "retention periods
 * are configuration, enforced by a job"). Defaults live here, with the reason
 * for each; every one can be overridden by an environment variable read once
 * at start-up, `EW_RETENTION_<NAME>` (e.g. `EW_RETENTION_MISSING_EPISODE=P3Y`).
 *
 * A period is an ISO 8601 duration in whole years, months and days (`P2Y`,
 * `P18M`, `P1Y6M`, `P90D`). A fact kind may instead say `with-child`: its
 * facts have no clock of their own and are kept as long as the child's record
 * is. Where each clock starts is the retention job's business
 * (storage/retention/README.md); this file only says how long.
 */
import * as E from 'fp-ts/Either'
import * as t from 'io-ts'
import { FACT_KINDS, type FactKind } from '../engine/facts/fact'
import type { ConfigProblem } from './config'

export interface Period {
  readonly _tag: 'Period'
  readonly years: number
  readonly months: number
  readonly days: number
  /** As configured, e.g. `P2Y`: what the run record and the command print. */
  readonly text: string
}

export interface WithChild {
  readonly _tag: 'WithChild'
}

export type Retention = Period | WithChild

/** Kinds with a clock of their own; child records are kept from the 18th birthday instead. */
export type EventKind = Exclude<FactKind, 'child'>
export const EVENT_KINDS = FACT_KINDS.filter((k): k is EventKind => k !== 'child')

export interface RetentionPolicy {
  readonly kinds: Readonly<Record<EventKind, Retention>>
  /** A child's record, and every fact and flag about the child, after the 18th birthday. */
  readonly child: Period
  /** A fact no child record identifies, after its current version arrived. */
  readonly unmatched: Period
  /** Flag and cohort history (raised/cleared, entered/left), after the as-of date it was about. */
  readonly flagHistory: Period
  /** The audit log, after the access it records. */
  readonly audit: Period
}

const DURATION = /^P(?:(\d{1,3})Y)?(?:(\d{1,4})M)?(?:(\d{1,5})D)?$/

const periodOf = (text: string): Period | undefined => {
  const m = DURATION.exec(text)
  if (m === null || text === 'P') return undefined
  const [years, months, days] = [m[1], m[2], m[3]].map((n) => Number(n ?? '0')) as [number, number, number]
  // A zero period would erase a record the day its clock starts: never what a partnership means.
  return years + months + days === 0 ? undefined : { _tag: 'Period', years, months, days, text }
}

/** `P2Y`, `P18M`, `P1Y6M`, `P90D`: at least one day long. */
export const RetentionPeriod = new t.Type<Period, string, unknown>(
  'RetentionPeriod',
  (u): u is Period => typeof u === 'object' && u !== null && (u as Period)._tag === 'Period',
  (u, c) => {
    const period = typeof u === 'string' ? periodOf(u) : undefined
    return period === undefined ? t.failure(u, c) : t.success(period)
  },
  (p) => p.text,
)

export const WITH_CHILD = 'with-child'

/** A fact kind's retention: a period, or `with-child`. */
export const FactRetention = new t.Type<Retention, string, unknown>(
  'FactRetention',
  (u): u is Retention => RetentionPeriod.is(u) || (typeof u === 'object' && u !== null && (u as WithChild)._tag === 'WithChild'),
  (u, c) => (u === WITH_CHILD ? t.success({ _tag: 'WithChild' }) : RetentionPeriod.validate(u, c)),
  (r) => (r._tag === 'WithChild' ? WITH_CHILD : r.text),
)

const period = (text: string): Period => {
  const p = periodOf(text)
  if (p === undefined) throw new RangeError(`bad default period ${text}`)
  return p
}
const WITH_CHILD_RETENTION: WithChild = { _tag: 'WithChild' }

/**
 * The defaults. The longest window any default rule reads is 12 months
 * (SPEC §3: permanent exclusion, exploitation factor, domestic abuse; the
 * academic year is shorter), so two years keep every flag reproducible for a
 * year after it could last be raised, and keep a year of chronology for
 * review. Exceptions, each for a reason:
 * - drug intelligence: one year. It is criminal-offence intelligence (UK GDPR
 *   Art 10) read for 6 months only (DOMAIN.md §8), so it goes first.
 * - ACE indicators and assessment factors: with the child. `ACE_FOUR_PLUS`
 *   counts every ACE identified on or before D (DOMAIN.md §6: a lifetime
 *   count), so a clock of their own would quietly lower a child's count.
 * - youth justice outcomes: with the child. A child is a first-time entrant
 *   on their *first* formal outcome (DOMAIN.md §9); deleting an earlier
 *   caution would make a later conviction look like a first entry.
 * - child records: two years after the 18th birthday. Every cohort is about
 *   under-18s (SPEC §4: missing-pilot under 18, first-time entrants aged
 *   10–17), and two years let the analysts finish the first-time-entrants
 *   analysis of the last year a child was in scope.
 * - unmatched facts: one year from arrival, for a child record that never came.
 * - audit log: six years, the general limitation period for claims
 *   (Limitation Act 1980 s2), so a complaint about who looked at a child's
 *   record can still be answered (DPA 2018 s62 logs).
 */
export const DEFAULT_RETENTION: RetentionPolicy = {
  kinds: {
    care_period: period('P2Y'),
    missing_episode: period('P2Y'),
    attendance: period('P2Y'),
    exclusion: period('P2Y'),
    education_status: period('P2Y'),
    ace_indicator: WITH_CHILD_RETENTION,
    assessment_factor: WITH_CHILD_RETENTION,
    domestic_abuse_contact: period('P2Y'),
    drug_intelligence: period('P1Y'),
    youth_justice_outcome: WITH_CHILD_RETENTION,
  },
  child: period('P2Y'),
  unmatched: period('P1Y'),
  flagHistory: period('P2Y'),
  audit: period('P6Y'),
}

/** `missing_episode` → `EW_RETENTION_MISSING_EPISODE`. */
export const retentionVariable = (name: string): string => `EW_RETENTION_${name.toUpperCase()}`

const PERIOD_EXPECTED = 'an ISO 8601 duration of whole years, months and days, at least a day (e.g. P2Y, P18M, P90D)'

type Env = Readonly<Record<string, string | undefined>>

export const readRetentionPolicy = (env: Env): E.Either<readonly ConfigProblem[], RetentionPolicy> => {
  const problems: ConfigProblem[] = []
  const read = <A>(name: string, codec: t.Type<A, string, unknown>, fallback: A, expected: string): A => {
    const variable = retentionVariable(name)
    const value = env[variable]
    if (value === undefined || value === '') return fallback
    const decoded = codec.decode(value)
    if (E.isRight(decoded)) return decoded.right
    problems.push({ variable, expected })
    return fallback
  }
  const kinds = Object.fromEntries(
    EVENT_KINDS.map((kind) => [
      kind,
      read(kind, FactRetention, DEFAULT_RETENTION.kinds[kind], `${PERIOD_EXPECTED}, or ${WITH_CHILD}`),
    ]),
  ) as Record<EventKind, Retention>
  const policy: RetentionPolicy = {
    kinds,
    child: read('child', RetentionPeriod, DEFAULT_RETENTION.child, PERIOD_EXPECTED),
    unmatched: read('unmatched', RetentionPeriod, DEFAULT_RETENTION.unmatched, PERIOD_EXPECTED),
    flagHistory: read('flag_history', RetentionPeriod, DEFAULT_RETENTION.flagHistory, PERIOD_EXPECTED),
    audit: read('audit', RetentionPeriod, DEFAULT_RETENTION.audit, PERIOD_EXPECTED),
  }
  return problems.length > 0 ? E.left(problems) : E.right(policy)
}

/** The policy as the text each setting was given in, for the run record and `--help`. */
export const describePolicy = (policy: RetentionPolicy): Readonly<Record<string, string>> => ({
  ...Object.fromEntries(EVENT_KINDS.map((k) => [k, FactRetention.encode(policy.kinds[k])])),
  child: policy.child.text,
  unmatched: policy.unmatched.text,
  flag_history: policy.flagHistory.text,
  audit: policy.audit.text,
})
