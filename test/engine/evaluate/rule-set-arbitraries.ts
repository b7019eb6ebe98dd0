/**
 * Random rule sets for the engine's property tests: every primitive, every
 * window, filters, all/any/not and references to earlier rules; random
 * children to run them on (facts before and after D, a date of birth).
 */
import fc from 'fast-check'
import type { Condition, CountableKind, PeriodKind, Where } from '../../../engine/rule-set/condition'
import type { Rule, RuleSet } from '../../../engine/rule-set/rule-set'
import type { Window } from '../../../engine/rule-set/window'
import { asOfArb, factsArb, future, pastOrPresent } from './arbitraries'
import { rule, ruleSet } from './build'

const windowArb: fc.Arbitrary<Window> = fc.oneof(
  fc.integer({ min: 1, max: 400 }).map((days) => ({ days })),
  fc.integer({ min: 1, max: 24 }).map((months) => ({ months })),
  fc.constant('academicYear' as const),
  fc.constant('onOrBefore' as const),
)

/** Filters that some generated facts pass and others do not (and one on an absent field). */
const WHERE: { readonly [K in CountableKind]?: readonly Where[] } = {
  missing_episode: [{ category: ['missing'] }, { category: ['away', 'missing'] }],
  exclusion: [{ type: ['suspension'] }, { type: ['permanent'] }, { sessions: [null] }],
  drug_intelligence: [{ category: ['county_lines'] }, { category: ['supply', 'possession'] }],
  assessment_factor: [{ code: ['10A', '24A'] }],
  domestic_abuse_contact: [{ riskLevel: ['high'] }, { riskLevel: [null] }],
  education_status: [{ status: ['reduced_timetable', 'missing_education'] }],
}

const whereArb = (kind: CountableKind): fc.Arbitrary<Where | undefined> =>
  fc.option(fc.constantFrom(...(WHERE[kind] ?? [{}])), { nil: undefined })

const COUNTED: readonly CountableKind[] = [
  'missing_episode',
  'attendance',
  'exclusion',
  'care_period',
  'education_status',
  'ace_indicator',
  'assessment_factor',
  'domestic_abuse_contact',
  'drug_intelligence',
]

const withWhere = <A extends object>(spec: A, where: Where | undefined): A => (where === undefined ? spec : { ...spec, where })

const countArb: fc.Arbitrary<Condition> = fc
  .constantFrom(...COUNTED)
  .chain((kind) => fc.tuple(whereArb(kind), windowArb, fc.integer({ min: 1, max: 4 })).map(([where, window, atLeast]) => ({ count: withWhere({ kind, window, atLeast }, where) })))

const SUMMED = [
  { kind: 'exclusion', field: 'sessions' },
  { kind: 'attendance', field: 'possibleSessions' },
  { kind: 'attendance', field: 'attendedSessions' },
] as const

const sumArb: fc.Arbitrary<Condition> = fc
  .tuple(fc.constantFrom(...SUMMED), windowArb, fc.integer({ min: 1, max: 60 }))
  .chain(([{ kind, field }, window, atLeast]) => whereArb(kind).map((where) => ({ sum: withWhere({ kind, field, window, atLeast }, where) })))

const absenceArb: fc.Arbitrary<Condition> = fc
  .tuple(windowArb, fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 40 }))
  .map(([window, atLeastPercent, minPossibleSessions]) => ({ absenceRate: { window, atLeastPercent, minPossibleSessions } }))

const SOURCES = [
  { kind: 'ace_indicator', field: 'category' },
  { kind: 'assessment_factor', field: 'code', mapping: 'aceByFactor' },
  { kind: 'assessment_factor', field: 'code' },
  { kind: 'drug_intelligence', field: 'category' },
] as const

const distinctArb: fc.Arbitrary<Condition> = fc
  .tuple(fc.subarray([...SOURCES], { minLength: 1 }), windowArb, fc.integer({ min: 1, max: 5 }))
  .map(([of, window, atLeast]) => ({ distinct: { of, window, atLeast } }))

const OPENED: readonly PeriodKind[] = ['care_period', 'missing_episode', 'education_status']

const openArb: fc.Arbitrary<Condition> = fc
  .constantFrom(...OPENED)
  .chain((kind) => whereArb(kind).map((where) => ({ open: withWhere({ kind }, where) })))

const ageArb: fc.Arbitrary<Condition> = fc
  .tuple(fc.option(fc.integer({ min: 0, max: 18 }), { nil: undefined }), fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }))
  .map(([atLeast, below]) => ({ age: { ...(atLeast === undefined ? {} : { atLeast }), ...(below === undefined ? {} : { below }) } }))

const overdueArb: fc.Arbitrary<Condition> = fc
  .tuple(windowArb, fc.integer({ min: 0, max: 150 }))
  .map(([window, hoursAfterEnd]) => ({ returnInterviewOverdue: { window, hoursAfterEnd } }))

const leafArb = (earlier: readonly string[]): fc.Arbitrary<Condition> =>
  fc.oneof(
    countArb,
    sumArb,
    absenceArb,
    distinctArb,
    openArb,
    ageArb,
    overdueArb,
    ...(earlier.length === 0 ? [] : [fc.constantFrom(...earlier).map((id): Condition => ({ rule: id }))]),
  )

/** A condition up to a few levels deep, which may refer to the rules before it. */
export const conditionArb = (earlier: readonly string[]): fc.Arbitrary<Condition> =>
  fc.letrec<{ node: Condition; all: Condition; any: Condition; not: Condition }>((tie) => ({
    node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leafArb(earlier), tie('all'), tie('any'), tie('not')),
    all: fc.array(tie('node'), { minLength: 1, maxLength: 3 }).map((all) => ({ all })),
    any: fc.array(tie('node'), { minLength: 1, maxLength: 3 }).map((any) => ({ any })),
    not: tie('node').map((not) => ({ not })),
  })).node

const IDS = ['R_A', 'R_B', 'R_C', 'R_D']

/** One to four rules, each free to refer to the ones listed before it. */
export const ruleSetArb: fc.Arbitrary<RuleSet> = fc
  .integer({ min: 1, max: IDS.length })
  .chain((n) => fc.tuple(...IDS.slice(0, n).map((_, i) => conditionArb(IDS.slice(0, i)))))
  .chain((conditions) =>
    fc.tuple(...conditions.map(() => fc.integer({ min: 0, max: 5 }))).map((weights) =>
      ruleSet(conditions.map((condition, i): Rule => rule(IDS[i] as string, condition, { weight: weights[i] ?? 1 }))),
    ),
  )

export const scenarioArb = asOfArb.chain((asOf) =>
  fc.tuple(fc.constant(asOf), fc.tuple(factsArb(asOf, pastOrPresent, 'F'), factsArb(asOf, future, 'LATER', 3)).map(([a, b]) => [...a, ...b])),
)

export const dateOfBirthArb = fc.integer({ min: 0, max: 20 * 365 }).map((days) => `${2006 + Math.floor(days / 365)}-0${1 + (days % 9)}-1${days % 10}`)
