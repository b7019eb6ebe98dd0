/**
 * Every node of a condition tree with its path, in pre-order: what the load
 * checks walk instead of each re-implementing the recursion.
 */
import type { Condition } from './condition'
import { joinPath } from './rule-set-problem'

export interface ConditionNode {
  readonly node: Condition
  readonly path: string
}

export const conditionNodes = (condition: Condition, path = ''): readonly ConditionNode[] => {
  const here: ConditionNode = { node: condition, path }
  if ('all' in condition) return [here, ...condition.all.flatMap((c, i) => conditionNodes(c, joinPath(path, 'all', i)))]
  if ('any' in condition) return [here, ...condition.any.flatMap((c, i) => conditionNodes(c, joinPath(path, 'any', i)))]
  if ('not' in condition) return [here, ...conditionNodes(condition.not, joinPath(path, 'not'))]
  return [here]
}

/** The ids of the rules a condition refers to, with where each reference sits. */
export const ruleReferences = (condition: Condition, path = ''): readonly { readonly id: string; readonly path: string }[] =>
  conditionNodes(condition, path).flatMap(({ node, path: at }) => ('rule' in node ? [{ id: node.rule, path: joinPath(at, 'rule') }] : []))
