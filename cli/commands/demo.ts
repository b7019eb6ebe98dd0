import { parseArgs } from 'node:util'
import * as E from 'fp-ts/Either'
import { cohortRows } from '../../engine/cohorts'
import { compileRuleSet, evaluateChild, type ChildEvaluation, type Tier } from '../../engine/evaluate'
import { addDays, subtractMonths } from '../../engine/time/calendar'
import { generateCity } from '../../fixtures/city/generate-city'
import { UsageError, writeLine } from '../cli-io'
import type { Command } from '../command'
import { linkLines } from '../load-fact-file'
import { loadRulesOrProblems } from '../load-rules'

const help = `Usage: early-warning demo [--children N] [--seed S]

Generates a synthetic city (default 5,000 children, seed "demo", as of today),
evaluates every child with the default rule set and prints a readable summary:
children per flag, per tier, and the size of each cohort.`

const TIERS: readonly Tier[] = ['high', 'medium', 'low', 'none']

export const demo: Command = {
  words: ['demo'],
  summary: 'generate a synthetic city, evaluate it and print a summary',
  help,
  async run(args, io) {
    const { values } = parseArgs({ args: [...args], strict: true, options: { children: { type: 'string' }, seed: { type: 'string' } } })
    const count = Number(values.children ?? '5000')
    if (!Number.isSafeInteger(count) || count < 1 || count > 1_000_000) throw new UsageError('--children must be from 1 to 1,000,000')
    const asOf = io.today()
    const seed = values.seed ?? 'demo'
    const rules = loadRulesOrProblems()
    if (E.isLeft(rules)) {
      for (const line of rules.left) writeLine(io.stderr, line)
      return 1
    }
    const linked = await linkLines(generateCity({ children: count, seed, referenceDate: asOf }), io)
    if (E.isLeft(linked)) {
      for (const line of linked.left) writeLine(io.stderr, line)
      return 1
    }
    const compiled = compileRuleSet(rules.right)
    const { children, unmatched } = linked.right
    const evaluations: ChildEvaluation[] = children.map((c) => evaluateChild(compiled, c, asOf))
    const out = (text: string): void => writeLine(io.stdout, text)

    out(`Early Warning demo: a synthetic city of ${children.length.toLocaleString('en-GB')} children (seed "${seed}"), as of ${asOf}`)
    out(`Rule set ${rules.right.id} ${rules.right.version} (${rules.right.hash})`)
    out(`${unmatched.length} fact(s) wait unmatched for a child record`)
    out('')
    out('Children per flag')
    for (const rule of rules.right.rules) {
      const n = evaluations.filter((e) => e.flags.some((f) => f.id === rule.id)).length
      out(`  ${rule.id.padEnd(24)} ${String(n).padStart(7)}   ${rule.title}`)
    }
    out('')
    out('Children per tier')
    for (const tier of TIERS) out(`  ${tier.padEnd(8)} ${String(evaluations.filter((e) => e.tier === tier).length).padStart(7)}`)
    out('')
    out('Cohorts')
    for (const definition of rules.right.cohorts) {
      const params = definition.requiresRange === true ? { asOf, from: addDays(subtractMonths(asOf, 12), 1), to: asOf } : { asOf }
      const rows = cohortRows(compiled, definition, children, params)
      const size = E.isRight(rows) ? String(rows.right.length) : 'error'
      const range = definition.requiresRange === true ? ` (entered ${params.from ?? ''} to ${asOf})` : ''
      out(`  ${definition.name.padEnd(24)} ${size.padStart(7)}${range}`)
    }
    out('')
    out('Try: npx early-warning fixtures generate --children 2000 --seed 7 | npx early-warning evaluate - --cohort missing-pilot')
    return 0
  },
}
