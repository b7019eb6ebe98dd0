/**
 * The one harness for the worked examples inside every rule file (STYLE.md
 * "Rules are data with a schema"): each example's facts are decoded exactly
 * as a batch line would be, the child is evaluated against the whole shipped
 * rule set, and the rule's outcome is checked against what the example expects.
 */
import t from 'tap'
import * as E from 'fp-ts/Either'
import { decodeFactLine } from '../../engine/batch/decode-line'
import { compileRuleSet, evaluateChild } from '../../engine/evaluate'
import type { ChildRecord, Fact, FactVersion } from '../../engine/facts/fact'
import type { RuleExample } from '../../engine/rule-set/rule'
import { formatRuleSetProblem, loadRuleSet } from '../../rules-loader/load-rule-set'

const DEFAULT_CHILD = {
  kind: 'child',
  source: 'social_care',
  sourceId: 'CHILD-C1',
  subject: { childId: 'C1' },
  recordedAt: '2020-01-01T00:00:00Z',
  childId: 'C1',
  dateOfBirth: '2011-05-01',
  sex: 'F',
  locality: 'North',
}

const decode = (value: unknown, line: number): E.Either<string, FactVersion> =>
  E.mapLeft((errors: readonly unknown[]) => `line ${line}: ${JSON.stringify(errors)}`)(decodeFactLine(JSON.stringify(value), line))

const childFactsOf = (example: RuleExample): E.Either<string, { child: ChildRecord; facts: Fact[] }> => {
  const child = decode({ ...DEFAULT_CHILD, ...(example.child ?? {}) }, 0)
  if (E.isLeft(child)) return child
  if (child.right.kind !== 'child' || child.right.withdrawn === true) return E.left('the child record is not a child')
  const facts: Fact[] = []
  for (const [i, raw] of example.facts.entries()) {
    const decoded = decode(raw, i + 1)
    if (E.isLeft(decoded)) return decoded
    if (decoded.right.withdrawn === true) return E.left(`line ${i + 1}: withdrawals do not belong in examples`)
    facts.push(decoded.right)
  }
  return E.right({ child: child.right, facts })
}

const loaded = loadRuleSet()
if (E.isLeft(loaded)) {
  t.fail(`the shipped rule set loads:\n${loaded.left.map(formatRuleSetProblem).join('\n')}`)
} else {
  const ruleSet = loaded.right
  const compiled = compileRuleSet(ruleSet)

  t.equal(ruleSet.rules.length, 17, 'the default rule set has the 17 rules of SPEC §3')

  for (const rule of ruleSet.rules) {
    t.test(rule.id, async (t) => {
      t.ok(rule.examples.some((e) => e.expect.raised), 'has an example that raises it')
      t.ok(rule.examples.some((e) => !e.expect.raised), 'has an example that does not')
      for (const example of rule.examples) {
        t.test(example.name, async (t) => {
          const built = childFactsOf(example)
          if (E.isLeft(built)) return void t.fail(`the example's facts decode: ${built.left}`)
          const evaluation = evaluateChild(compiled, built.right, example.asOf)
          const outcome = evaluation.outcomes.find((o) => o.id === rule.id)
          if (outcome === undefined) return void t.fail(`${rule.id} has an outcome`)
          t.equal(outcome.raised, example.expect.raised, example.expect.raised ? 'raised' : 'not raised')
          const flag = evaluation.flags.find((f) => f.id === rule.id)
          t.equal(flag !== undefined, example.expect.raised, 'a flag exactly when raised')
          if (example.expect.evidence !== undefined) {
            t.same(
              (flag?.evidence ?? []).map((e) => ('sourceId' in e ? e.sourceId : 'restricted')),
              example.expect.evidence,
              'evidence',
            )
          }
          if (example.expect.explanation !== undefined) {
            t.equal(outcome.explanation, example.expect.explanation, 'explanation')
            if (flag !== undefined) t.equal(flag.explanation, example.expect.explanation, 'the flag carries the same explanation')
          }
        })
      }
    })
  }
}
