import { parseArgs } from 'node:util'
import * as E from 'fp-ts/Either'
import { compileRuleSet } from '../../engine/evaluate'
import { scoreCity } from '../../scoring/score-city'
import { dateOption } from '../as-of'
import { writeLine } from '../cli-io'
import type { Command } from '../command'
import { loadRulesOrProblems } from '../load-rules'
import { withStore } from '../open-store'
import { progress } from '../progress'

const help = `Usage: early-warning score [--as-of D]

Evaluates every stored child as of D (default: today in Europe/London) and
stores the flags with their history (raised, cleared, rule set version), a
page of children at a time. Records each cohort's membership for changedSince.
As of today, it also finishes the scoring an interrupted ingest left to do.`

export const score: Command = {
  words: ['score'],
  summary: 'evaluate and store every child\'s flags',
  help,
  async run(args, io) {
    const { values } = parseArgs({ args: [...args], strict: true, options: { 'as-of': { type: 'string' } } })
    const asOf = dateOption('as-of', values['as-of']) ?? io.today()
    const rules = loadRulesOrProblems()
    if (E.isLeft(rules)) {
      for (const line of rules.left) writeLine(io.stderr, line)
      return 1
    }
    return withStore(io, async ({ store }) => {
      const shown = progress(io.stderr, 'children scored', 1)
      const summary = await scoreCity(store.db, rules.right, compileRuleSet(rules.right), {
        asOf,
        evaluatedAt: io.now(),
        onPage: (n) => shown.tick(n),
        // As of today it scores every child an ingest left marked (a command killed after its commit): the marks go.
        clearPendingMarks: asOf === io.today(),
      })
      shown.done()
      const tiers = Object.entries(summary.tiers).map(([tier, n]) => `${n} ${tier}`).join(', ')
      writeLine(io.stdout, `scored ${summary.children} child(ren) as of ${asOf}: ${tiers}; ${summary.raised} flag(s) raised, ${summary.cleared} cleared`)
      for (const [cohort, c] of Object.entries(summary.cohorts))
        writeLine(io.stdout, `  ${cohort.padEnd(20)} ${c.members} member(s), ${c.entered} entered, ${c.left} left`)
      return 0
    })
  },
}
