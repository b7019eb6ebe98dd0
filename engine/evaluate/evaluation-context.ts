/**
 * The ChildContext of one child as of D. Building it makes one pass over the
 * child's facts (./plan: each fact dated once and visited by every leaf that
 * reads its kind), then tests every rule in dependency order. The age, the
 * facts of a kind and the full results are worked out when first asked
 * for and then kept, since most children raise nothing and need none of them.
 *
 * A class, not an object literal with getters: V8 gives every instance of a
 * class one shape, while a literal with its own getter closures makes a new
 * shape per child, which the scavenger keeps alive until a full collection.
 */
import type { ChildRecord, Fact, FactKind } from '../facts/fact'
import type { AsOfFrame } from './as-of-frame'
import type { ChildContext } from './child-context'
import type { DatedFact } from './dated-fact'
import type { CompiledCondition, CompiledTest } from './compiled-condition'
import { KIND_SLOTS, kindSlot, listFactsOf } from './fact-lists'
import type { NodeResult } from './node-result'
import { tallyFacts } from './plan'
import type { Plan, Tally } from './plan'

/** What the context needs of each compiled rule, in dependency order. */
export interface ContextRule {
  readonly test: CompiledTest
  readonly condition: CompiledCondition
}

export class EvaluationContext implements ChildContext, Tally {
  /** The tally (./plan): each rule's value at its slot, then the leaves' numbers. */
  readonly n: number[]
  sets: (string[] | undefined)[] | undefined
  readonly #rules: readonly ContextRule[]
  readonly #facts: readonly Fact[]
  #results: (NodeResult | undefined)[] | undefined
  #lists: (readonly DatedFact[] | undefined)[] | undefined
  #age: number | undefined

  constructor(
    plan: Plan,
    rules: readonly ContextRule[],
    readonly child: ChildRecord,
    facts: readonly Fact[],
    readonly frame: AsOfFrame,
  ) {
    this.#rules = rules
    this.#facts = facts
    this.n = plan.zeros()
    this.sets = undefined
    tallyFacts(facts, frame, plan.visitsFor(frame), this)
    // In dependency order: a rule's test reads only the values of rules before it.
    for (let slot = 0; slot < rules.length; slot += 1) this.n[slot] = (rules[slot] as ContextRule).test(this, this) ? 1 : 0
  }

  get age(): number {
    this.#age ??= this.frame.ageOf(this.child.dateOfBirth)
    return this.#age
  }

  factsOf(kind: FactKind): readonly DatedFact[] {
    const slot = kindSlot(kind)
    this.#lists ??= new Array<readonly DatedFact[] | undefined>(KIND_SLOTS).fill(undefined)
    const known = this.#lists[slot]
    if (known !== undefined) return known
    const listed = listFactsOf(this.#facts, kind, this.frame)
    this.#lists[slot] = listed
    return listed
  }

  ruleValue(slot: number): boolean {
    if (!(slot >= 0 && slot < this.#rules.length)) throw new Error(`no rule at ${slot} in the compiled order`)
    return this.n[slot] === 1
  }

  ruleResult(slot: number): NodeResult {
    const rule = this.#rules[slot]
    if (rule === undefined) throw new Error(`no rule at ${slot} in the compiled order`)
    this.#results ??= []
    const known = this.#results[slot]
    if (known !== undefined) return known
    const result = rule.condition(this)
    this.#results[slot] = result
    return result
  }
}
