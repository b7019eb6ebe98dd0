/**
 * Compiles a condition tree into closures, once. `rule` references are
 * resolved to the referenced rule's slot in the compiled order, whose result
 * is already in the context when the referring condition runs.
 */
import type { Condition } from '../rule-set/condition'
import type { AceByFactor } from '../rule-set/manifest'
import type { CompiledCondition } from './compiled-condition'
import type { AllResult, AnyResult, NotResult, NodeResult, RuleResult } from './node-result'
import { compileAbsenceRate } from './primitives/absence-rate'
import { compileAge } from './primitives/age'
import { compileCount } from './primitives/count'
import { compileDistinct } from './primitives/distinct'
import { compileOpen } from './primitives/open'
import { compileReturnInterviewOverdue } from './primitives/return-interview-overdue'
import { compileSum } from './primitives/sum'

export interface RuleSlot {
  readonly slot: number
  readonly title: string
}

export interface CompileEnv {
  readonly aceByFactor: AceByFactor
  /** Where a referenced rule's result will be; undefined for an unknown id. */
  readonly ruleSlot: (id: string) => RuleSlot | undefined
}

const compileRuleReference = (id: string, env: CompileEnv): CompiledCondition => {
  const target = env.ruleSlot(id)
  // A decoded rule set has no unknown references; reaching this is a bug, not bad input.
  if (target === undefined) throw new Error(`condition refers to rule ${id}, which is not in the compiled rule set`)
  return (ctx): RuleResult => {
    const result = ctx.ruleResults[target.slot]
    if (result === undefined) throw new Error(`rule ${id} was not evaluated before a rule that refers to it`)
    return { tag: 'rule', value: result.value, ruleId: id, title: target.title, result }
  }
}

export const compileNode = (condition: Condition, env: CompileEnv): CompiledCondition => {
  if ('count' in condition) return compileCount(condition.count)
  if ('sum' in condition) return compileSum(condition.sum)
  if ('absenceRate' in condition) return compileAbsenceRate(condition.absenceRate)
  if ('distinct' in condition) return compileDistinct(condition.distinct, env.aceByFactor)
  if ('open' in condition) return compileOpen(condition.open)
  if ('age' in condition) return compileAge(condition.age)
  if ('returnInterviewOverdue' in condition) return compileReturnInterviewOverdue(condition.returnInterviewOverdue)
  if ('rule' in condition) return compileRuleReference(condition.rule, env)
  if ('not' in condition) {
    const part = compileNode(condition.not, env)
    return (ctx): NotResult => {
      const r = part(ctx)
      return { tag: 'not', value: !r.value, part: r }
    }
  }
  // Every part is evaluated, even after the answer is known, so each node has a result.
  if ('all' in condition) {
    const parts = condition.all.map((c) => compileNode(c, env))
    return (ctx): AllResult => {
      const results: NodeResult[] = parts.map((p) => p(ctx))
      return { tag: 'all', value: results.every((r) => r.value), parts: results }
    }
  }
  const parts = condition.any.map((c) => compileNode(c, env))
  return (ctx): AnyResult => {
    const results: NodeResult[] = parts.map((p) => p(ctx))
    return { tag: 'any', value: results.some((r) => r.value), parts: results }
  }
}
