import { parseArgs } from 'node:util'
import * as E from 'fp-ts/Either'
import { defaultRulesDir, formatRuleSetProblem, loadRuleSet } from '../../rules-loader/load-rule-set'
import { writeLine } from '../cli-io'
import type { Command } from '../command'

const help = `Usage: early-warning rules check [DIR]

Validates a rule set (default: the rules/ folder shipped with Early Warning):
the manifest, every rule file, references between rules and the cohort
definitions. Prints the rule set's id, version, hash and rules, or every
problem with its file and path (exit status 1).`

export const rulesCheck: Command = {
  words: ['rules', 'check'],
  summary: 'validate a rule set and print its id, version and hash',
  help,
  async run(args, io) {
    const { positionals } = parseArgs({ args: [...args], strict: true, allowPositionals: true, options: {} })
    const dir = positionals[0] ?? defaultRulesDir()
    const loaded = loadRuleSet(dir)
    if (E.isLeft(loaded)) {
      for (const problem of loaded.left) writeLine(io.stderr, formatRuleSetProblem(problem))
      writeLine(io.stderr, `${loaded.left.length} problem(s); the rule set was refused`)
      return 1
    }
    const rs = loaded.right
    writeLine(io.stdout, `rule set ${rs.id} ${rs.version} (${rs.hash})`)
    writeLine(io.stdout, `${rs.rules.length} rules, ${rs.cohorts.length} cohorts: OK`)
    for (const rule of rs.rules) writeLine(io.stdout, `  ${rule.id.padEnd(24)} ${rule.category.padEnd(20)} weight ${rule.weight}`)
    return 0
  },
}
