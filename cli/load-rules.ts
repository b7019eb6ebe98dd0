import * as E from 'fp-ts/Either'
import type { RuleSet } from '../engine/rule-set/rule-set'
import { defaultRulesDir, formatRuleSetProblem, loadRuleSet } from '../rules-loader/load-rule-set'

/** The rule set in `dir` (default: the shipped rules/), or its problems as lines for stderr. */
export const loadRulesOrProblems = (dir?: string): E.Either<readonly string[], RuleSet> =>
  E.mapLeft((problems: readonly Parameters<typeof formatRuleSetProblem>[0][]) => [
    ...problems.map(formatRuleSetProblem),
    'the rule set was refused',
  ])(loadRuleSet(dir ?? defaultRulesDir()))
