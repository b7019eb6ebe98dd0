/**
 * Decoding stored flag rows: the evidence JSON, the category and the tier
 * come back from the database as `unknown` / `string` and are checked before
 * they reach a response.
 */
import * as t from 'io-ts'
import { FACT_KINDS } from '../../engine/facts/fact'
import { isIsoDate } from '../../engine/time/calendar'

const oneOf = <L extends readonly string[]>(values: L, name: string): t.Type<L[number], string, unknown> =>
  new t.Type<L[number], string, unknown>(
    name,
    (u): u is L[number] => typeof u === 'string' && values.includes(u),
    (u, c) => (typeof u === 'string' && values.includes(u) ? t.success(u) : t.failure(u, c)),
    t.identity,
  )

const IsoDate = new t.Type<string, string, unknown>(
  'a YYYY-MM-DD date',
  (u): u is string => typeof u === 'string' && isIsoDate(u),
  (u, c) => (typeof u === 'string' && isIsoDate(u) ? t.success(u) : t.failure(u, c)),
  t.identity,
)

export const RULE_CATEGORIES = [
  'missing',
  'education',
  'domestic_abuse',
  'social_care',
  'police_intelligence',
  'youth_justice',
  'composite',
] as const

export const RuleCategory = oneOf(RULE_CATEGORIES, 'a rule category')
export const Tier = oneOf(['high', 'medium', 'low', 'none'] as const, 'a tier')

const FactEvidence = t.exact(
  t.intersection([
    t.type({ kind: oneOf(FACT_KINDS, 'a fact kind'), source: t.string, sourceId: t.string, date: IsoDate }),
    t.partial({ grading: t.string, handlingCode: oneOf(['P', 'C'] as const, 'a handling code') }),
  ]),
)

const RestrictedEvidence = t.exact(t.type({ kind: t.literal('drug_intelligence'), restricted: t.literal(true) }))

export const StoredEvidence = t.readonlyArray(t.union([RestrictedEvidence, FactEvidence]), 'evidence')
