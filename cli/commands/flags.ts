import { parseArgs } from 'node:util'
import * as E from 'fp-ts/Either'
import * as O from 'fp-ts/Option'
import { compileRuleSet, evaluateChild, toFlagsDocument, type FlagsDocument } from '../../engine/evaluate'
import { loadChildFacts } from '../../storage/facts/load-child-facts'
import { storedFlags } from '../../storage/flags/stored-flags'
import { dateOption } from '../as-of'
import { UsageError, writeLine } from '../cli-io'
import type { Command } from '../command'
import { flagsText } from '../flags-text'
import { loadRulesOrProblems } from '../load-rules'
import { withStore } from '../open-store'

const help = `Usage: early-warning flags CHILD_ID [--as-of D] [--json]

One child's flags with their explanations and evidence. For today (the
default) these are the stored flags, with the date each was first raised in
its current run (since), when the child was scored today; for another date,
or a child not scored today, they are evaluated from the stored facts as they
are known now. --json prints SPEC's JSON document instead of text.`

export const flags: Command = {
  words: ['flags'],
  summary: 'one child\'s flags, explanations and evidence',
  help,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: true,
      options: { 'as-of': { type: 'string' }, json: { type: 'boolean' } },
    })
    const childId = positionals[0]
    if (childId === undefined || positionals.length > 1) throw new UsageError('give exactly one CHILD_ID')
    const asOf = dateOption('as-of', values['as-of']) ?? io.today()
    const rules = loadRulesOrProblems()
    if (E.isLeft(rules)) {
      for (const line of rules.left) writeLine(io.stderr, line)
      return 1
    }
    return withStore(io, async ({ store }) => {
      const loaded = await loadChildFacts(store.db, [childId])
      if (E.isLeft(loaded)) throw new Error('stored facts failed to decode')
      const child = loaded.right[0]
      if (child === undefined) {
        writeLine(io.stderr, `no child with childId ${childId}`)
        return 1
      }
      let doc: FlagsDocument = toFlagsDocument(evaluateChild(compileRuleSet(rules.right), child, asOf))
      if (asOf === io.today()) {
        const stored = await storedFlags(store.db, childId)
        const held = E.isRight(stored) && O.isSome(stored.right) ? stored.right.value : undefined
        if (held !== undefined && held.asOf === asOf && held.ruleSet.hash === rules.right.hash) doc = held
        else writeLine(io.stderr, `not scored as of ${asOf} with this rule set: evaluated now, without since (run early-warning score)`)
      }
      writeLine(io.stdout, values.json === true ? JSON.stringify(doc, null, 2) : flagsText(doc))
      return 0
    })
  },
}
