/**
 * Compiles a condition tree into closures, once: a value test and a full
 * result for every node (./compiled-condition), leaves registering how they
 * read facts in the rule set's plan (./plan). `rule` references are
 * resolved to the referenced rule's slot in the compiled order, whose value
 * is already in the context when the referring condition runs, and whose
 * result the context works out when first asked.
 */
import type { Condition } from '../rule-set/condition'
import type { AceByFactor } from '../rule-set/manifest'
import type { ChildContext } from './child-context'
import type { CompiledNode, CompiledTest } from './compiled-condition'
import type { AllResult, AnyResult, NotResult, NodeResult, RuleResult } from './node-result'
import type { PlanBuilder, Tally } from './plan'
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
  /** Where leaves register how they read facts for values (./plan). */
  readonly plan: PlanBuilder
}

const compileRuleReference = (id: string, env: CompileEnv): CompiledNode => {
  const target = env.ruleSlot(id)
  // A decoded rule set has no unknown references; reaching this is a bug, not bad input.
  if (target === undefined) throw new Error(`condition refers to rule ${id}, which is not in the compiled rule set`)
  const { slot, title } = target
  return {
    // The rule's value is in the tally at its slot, written before any rule after it is tested.
    test: (_ctx, tally) => tally.n[slot] === 1,
    result: (ctx): RuleResult => {
      const result = ctx.ruleResult(slot)
      return { tag: 'rule', value: result.value, ruleId: id, title, result }
    },
  }
}

const allHold = (tests: readonly CompiledTest[], ctx: ChildContext, tally: Tally): boolean => {
  for (const test of tests) if (!test(ctx, tally)) return false
  return true
}

const anyHolds = (tests: readonly CompiledTest[], ctx: ChildContext, tally: Tally): boolean => {
  for (const test of tests) if (test(ctx, tally)) return true
  return false
}

export const compileNode = (condition: Condition, env: CompileEnv): CompiledNode => {
  if ('count' in condition) return compileCount(condition.count, env.plan)
  if ('sum' in condition) return compileSum(condition.sum, env.plan)
  if ('absenceRate' in condition) return compileAbsenceRate(condition.absenceRate, env.plan)
  if ('distinct' in condition) return compileDistinct(condition.distinct, env.aceByFactor, env.plan)
  if ('open' in condition) return compileOpen(condition.open, env.plan)
  if ('age' in condition) return compileAge(condition.age)
  if ('returnInterviewOverdue' in condition) return compileReturnInterviewOverdue(condition.returnInterviewOverdue, env.plan)
  if ('rule' in condition) return compileRuleReference(condition.rule, env)
  if ('not' in condition) {
    const part = compileNode(condition.not, env)
    return {
      test: (ctx, tally) => !part.test(ctx, tally),
      result: (ctx): NotResult => {
        const r = part.result(ctx)
        return { tag: 'not', value: !r.value, part: r }
      },
    }
  }
  // A value test may stop at the first part that decides it; a result has every part, so each node has one.
  const isAll = 'all' in condition
  const parts = (isAll ? condition.all : condition.any).map((c) => compileNode(c, env))
  const tests = parts.map((p) => p.test)
  if (isAll) {
    return {
      test: (ctx, tally) => allHold(tests, ctx, tally),
      result: (ctx): AllResult => {
        const results: NodeResult[] = parts.map((p) => p.result(ctx))
        return { tag: 'all', value: results.every((r) => r.value), parts: results }
      },
    }
  }
  return {
    test: (ctx, tally) => anyHolds(tests, ctx, tally),
    result: (ctx): AnyResult => {
      const results: NodeResult[] = parts.map((p) => p.result(ctx))
      return { tag: 'any', value: results.some((r) => r.value), parts: results }
    },
  }
}
