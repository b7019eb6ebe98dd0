/**
 * A compiled `where` filter: a fact passes when every listed field holds one
 * of the listed values. An optional field that is absent reads as `null`.
 */
import type { Fact } from '../../facts/fact'
import type { Where, WhereValue } from '../../rule-set/condition'

export type FactFilter = (fact: Fact) => boolean

export const compileWhere = (where: Where | undefined): FactFilter | undefined => {
  if (where === undefined) return undefined
  const tests = Object.entries(where).map(([field, values]) => ({ field, values: new Set<WhereValue>(values) }))
  if (tests.length === 0) return undefined
  const [only] = tests
  if (tests.length === 1 && only !== undefined && only.values.size === 1) {
    // The usual filter (one field, one value: `"type": ["permanent"]`) as a plain comparison; JSON has no NaN, so === is SameValueZero here.
    const { field } = only
    const [value] = only.values
    return (fact) => ((fact as unknown as Readonly<Record<string, WhereValue | undefined>>)[field] ?? null) === value
  }
  return (fact) => {
    const record = fact as unknown as Readonly<Record<string, WhereValue | undefined>>
    for (const { field, values } of tests) if (!values.has(record[field] ?? null)) return false
    return true
  }
}
