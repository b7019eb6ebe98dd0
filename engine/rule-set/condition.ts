/**
 * The condition language of a rule (SPEC §3 "Rule sets are data"): a JSON tree
 * whose every node is an object with exactly one key naming its primitive.
 *
 *   { "count":   { "kind", "where"?, "window", "atLeast", "label"? } }
 *   { "sum":     { "kind", "field", "where"?, "window", "atLeast", "label"? } }
 *   { "absenceRate": { "window", "atLeastPercent", "minPossibleSessions" } }
 *   { "distinct": { "of": [{ "kind", "field", "mapping"? }], "window", "atLeast", "label"? } }
 *   { "open":    { "kind", "where"? } }
 *   { "age":     { "atLeast"?, "below"? } }
 *   { "rule":    "RULE_ID" }
 *   { "all": [C, …] }  { "any": [C, …] }  { "not": C }
 *   { "returnInterviewOverdue": { "window", "hoursAfterEnd" } }
 *
 * `where` keeps the facts whose field equals one of the listed values. A
 * `label` names what is counted in the explanation: a string, or
 * `{ "one", "other" }` for singular and plural. Which fields each kind has is
 * checked after decoding (check-condition.ts), so the codec stays generic.
 */
import * as t from 'io-ts'
import { FACT_KINDS, type FactKind } from '../facts/fact'
import {
  NonEmptyString,
  PositiveWholeNumber,
  WholeNumber,
  closed,
  described,
  isPlainObject,
  literalOf,
  nonEmptyArray,
  oneOf,
} from './closed-type'
import { Window } from './window'

export type CountableKind = Exclude<FactKind, 'child'>
export const COUNTABLE_KINDS: readonly CountableKind[] = FACT_KINDS.filter((k): k is CountableKind => k !== 'child')

/** Kinds with a start and an end, that can be "open on D". */
export type PeriodKind = 'care_period' | 'education_status' | 'missing_episode'
export const PERIOD_KINDS: readonly PeriodKind[] = ['care_period', 'education_status', 'missing_episode']

export type WhereValue = string | number | boolean | null
export type Where = { readonly [field: string]: readonly WhereValue[] }
export type Label = string | { readonly one: string; readonly other: string }

export interface CountSpec {
  readonly kind: CountableKind
  readonly where?: Where
  readonly window: Window
  readonly atLeast: number
  readonly label?: Label
}
export interface SumSpec extends CountSpec {
  readonly field: string
}
export interface AbsenceRateSpec {
  readonly window: Window
  readonly atLeastPercent: number
  readonly minPossibleSessions: number
}
export interface DistinctSource {
  readonly kind: CountableKind
  readonly field: string
  readonly mapping?: 'aceByFactor'
}
export interface DistinctSpec {
  readonly of: readonly DistinctSource[]
  readonly window: Window
  readonly atLeast: number
  readonly label?: Label
}
export interface OpenSpec {
  readonly kind: PeriodKind
  readonly where?: Where
}
export interface AgeSpec {
  readonly atLeast?: number
  readonly below?: number
}
export interface ReturnInterviewOverdueSpec {
  readonly window: Window
  readonly hoursAfterEnd: number
}

export interface CountCondition { readonly count: CountSpec }
export interface SumCondition { readonly sum: SumSpec }
export interface AbsenceRateCondition { readonly absenceRate: AbsenceRateSpec }
export interface DistinctCondition { readonly distinct: DistinctSpec }
export interface OpenCondition { readonly open: OpenSpec }
export interface AgeCondition { readonly age: AgeSpec }
export interface RuleCondition { readonly rule: string }
export interface AllCondition { readonly all: readonly Condition[] }
export interface AnyCondition { readonly any: readonly Condition[] }
export interface NotCondition { readonly not: Condition }
export interface ReturnInterviewOverdueCondition { readonly returnInterviewOverdue: ReturnInterviewOverdueSpec }

export type Condition =
  | CountCondition
  | SumCondition
  | AbsenceRateCondition
  | DistinctCondition
  | OpenCondition
  | AgeCondition
  | RuleCondition
  | AllCondition
  | AnyCondition
  | NotCondition
  | ReturnInterviewOverdueCondition

export const RuleId = described('a rule id (capital letters, digits and _, starting with a letter)', t.string, (s) =>
  /^[A-Z][A-Z0-9_]*$/.test(s),
)

const WhereValueCodec = oneOf<WhereValue>('a string, number, boolean or null', [t.string, t.number, t.boolean, t.null])
const WhereRecord = t.record(t.string, nonEmptyArray(WhereValueCodec, 'values'))
const WHERE_EXPECTED = 'a filter: { "field": [values, …] }'
export const Where: t.Type<Where, Where, unknown> = new t.Type<Where, Where, unknown>(
  WHERE_EXPECTED,
  (u): u is Where => WhereRecord.is(u),
  (u, c) => (isPlainObject(u) ? WhereRecord.validate(u, c) : t.failure(u, c, WHERE_EXPECTED)),
  t.identity,
)

export const Label: t.Type<Label, Label, unknown> = oneOf<Label>('a label: a string or { "one": …, "other": … }', [
  NonEmptyString,
  closed('PluralLabel', { one: NonEmptyString, other: NonEmptyString }),
])

const CountableKindCodec = literalOf(COUNTABLE_KINDS, 'a fact kind')

const CountSpecCodec = closed(
  'count',
  { kind: CountableKindCodec, window: Window, atLeast: PositiveWholeNumber },
  { where: Where, label: Label },
)
const SumSpecCodec = closed(
  'sum',
  { kind: CountableKindCodec, field: NonEmptyString, window: Window, atLeast: PositiveWholeNumber },
  { where: Where, label: Label },
)
const AbsenceRateSpecCodec = closed('absenceRate', {
  window: Window,
  atLeastPercent: described('a whole percentage from 1 to 100', t.number, (n) => Number.isInteger(n) && n >= 1 && n <= 100),
  minPossibleSessions: PositiveWholeNumber,
})
const DistinctSourceCodec = closed(
  'distinct source',
  { kind: CountableKindCodec, field: NonEmptyString },
  { mapping: literalOf(['aceByFactor'] as const, 'a mapping') },
)
const DistinctSpecCodec = closed(
  'distinct',
  { of: nonEmptyArray(DistinctSourceCodec, '{ "kind", "field", "mapping"? }'), window: Window, atLeast: PositiveWholeNumber },
  { label: Label },
)
const OpenSpecCodec = closed('open', { kind: literalOf(PERIOD_KINDS, 'a kind with a start and an end') }, { where: Where })
const AgeSpecCodec = closed('age', {}, { atLeast: WholeNumber, below: WholeNumber })
const ReturnInterviewOverdueSpecCodec = closed('returnInterviewOverdue', { window: Window, hoursAfterEnd: WholeNumber })

/** Each primitive's key and the codec of its value. */
const primitives = (): Readonly<Record<string, t.Decoder<unknown, unknown>>> => ({
  count: CountSpecCodec,
  sum: SumSpecCodec,
  absenceRate: AbsenceRateSpecCodec,
  distinct: DistinctSpecCodec,
  open: OpenSpecCodec,
  age: AgeSpecCodec,
  rule: RuleId,
  all: nonEmptyArray(Condition, 'conditions'),
  any: nonEmptyArray(Condition, 'conditions'),
  not: Condition,
  returnInterviewOverdue: ReturnInterviewOverdueSpecCodec,
})

export const CONDITION_KEYS = [
  'count',
  'sum',
  'absenceRate',
  'distinct',
  'open',
  'age',
  'rule',
  'all',
  'any',
  'not',
  'returnInterviewOverdue',
] as const

const EXPECTED = `a condition: an object with exactly one of ${CONDITION_KEYS.join(', ')}`

/** Dispatches on the node's single key, so an error points into the branch that was meant. */
const dispatch = (): t.Type<Condition, Condition, unknown> => {
  const table = primitives()
  const validate = (u: unknown, c: t.Context): t.Validation<Condition> => {
    if (!isPlainObject(u)) return t.failure(u, c, EXPECTED)
    const keys = Object.keys(u)
    const key = keys[0]
    if (keys.length !== 1 || key === undefined) return t.failure(u, c, `${EXPECTED} (found ${keys.length} keys)`)
    const codec = table[key]
    const at: t.Context = [...c, { key, type: t.unknown, actual: u[key] }]
    if (codec === undefined) return t.failure(u[key], at, `${EXPECTED} (found "${key}")`)
    const r = codec.validate(u[key], at)
    return r._tag === 'Left' ? r : t.success({ [key]: r.right } as unknown as Condition)
  }
  return new t.Type<Condition, Condition, unknown>('Condition', (u): u is Condition => validate(u, [])._tag === 'Right', validate, t.identity)
}

export const Condition: t.Type<Condition, Condition, unknown> = t.recursion('Condition', dispatch)

/** Singular and plural of a label. */
export const labelForms = (label: Label): { readonly one: string; readonly other: string } =>
  typeof label === 'string' ? { one: label, other: label } : label
