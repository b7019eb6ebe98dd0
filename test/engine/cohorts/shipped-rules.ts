/**
 * The shipped rule set (rules/) compiled once for cohort tests, and its cohort
 * definitions by name. Not a test file itself.
 */
import * as E from 'fp-ts/Either'
import { loadRuleSet } from '../../../rules-loader/load-rule-set'
import { compileRuleSet } from '../../../engine/evaluate/compile-rule-set'
import type { CompiledRuleSet } from '../../../engine/evaluate/compile-rule-set'
import type { CohortDefinition } from '../../../engine/rule-set/cohort-definition'

const loaded = loadRuleSet()
if (E.isLeft(loaded)) throw new Error(`the shipped rule set does not load:\n${JSON.stringify(loaded.left, null, 2)}`)

export const ruleSet = loaded.right
export const compiled: CompiledRuleSet = compileRuleSet(ruleSet)

export const cohort = (name: string): CohortDefinition => {
  const found = ruleSet.cohorts.find((c) => c.name === name)
  if (found === undefined) throw new Error(`no cohort ${name} in rules/manifest.json`)
  return found
}
