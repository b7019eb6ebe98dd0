import { parseArgs } from 'node:util'
import * as E from 'fp-ts/Either'
import { compileRuleSet, evaluateChild } from '../../engine/evaluate'
import { toFlagsDocument } from '../../engine/evaluate/evaluation'
import { cohortDocument } from '../cohort-document'
import { dateOption } from '../as-of'
import { UsageError, writeLine } from '../cli-io'
import type { Command } from '../command'
import { loadFactFile } from '../load-fact-file'
import { loadRulesOrProblems } from '../load-rules'
import { writeAll } from '../write-all'
import { cannotRead, unreadableFile } from '../input-file'

const help = `Usage: early-warning evaluate FILE|- [--as-of D] [--child ID] [--cohort NAME [--from D --to D]] [--rules DIR]

File-based evaluation, no database: reads NDJSON facts (FILE, or stdin for -),
applies versions and withdrawals, links facts to children and prints to stdout:
  (default)       one JSON line per child, flagged or not, in childId order
  --child ID      that child's flags document
  --cohort NAME   a cohort document (first-time-entrants needs --from and --to)

  --as-of D       the date to evaluate (default: today in Europe/London)
  --rules DIR     a rule set other than the shipped rules/

The number of unmatched facts goes to stderr. Bad input: every error on
stderr, exit status 1, nothing on stdout.`

const fail = (io: Parameters<Command['run']>[1], lines: readonly string[]): number => {
  for (const line of lines) writeLine(io.stderr, line)
  return 1
}

export const evaluate: Command = {
  words: ['evaluate'],
  summary: 'evaluate an NDJSON file of facts, no database',
  help,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: true,
      options: {
        'as-of': { type: 'string' },
        child: { type: 'string' },
        cohort: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        rules: { type: 'string' },
      },
    })
    const file = positionals[0]
    if (file === undefined || positionals.length > 1) throw new UsageError('give exactly one FILE, or - for stdin')
    if (values.child !== undefined && values.cohort !== undefined) throw new UsageError('--child and --cohort do not go together')
    const asOf = dateOption('as-of', values['as-of']) ?? io.today()
    const from = dateOption('from', values.from)
    const to = dateOption('to', values.to)

    const unreadable = await unreadableFile(file)
    if (unreadable !== undefined) return fail(io, [cannotRead(file, unreadable)])
    const rules = loadRulesOrProblems(values.rules)
    if (E.isLeft(rules)) return fail(io, rules.left)
    const loaded = await loadFactFile(file, io)
    if (E.isLeft(loaded)) return fail(io, loaded.left)
    const { children, unmatched } = loaded.right
    const compiled = compileRuleSet(rules.right)

    if (values.cohort !== undefined) {
      const doc = cohortDocument(compiled, rules.right, values.cohort, children, { asOf, from, to })
      if (E.isLeft(doc)) return fail(io, [doc.left])
      writeLine(io.stdout, JSON.stringify(doc.right, null, 2))
    } else if (values.child !== undefined) {
      const child = children.find((c) => c.child.childId === values.child)
      if (child === undefined) return fail(io, [`no child with childId ${values.child} in the input`])
      writeLine(io.stdout, JSON.stringify(toFlagsDocument(evaluateChild(compiled, child, asOf)), null, 2))
    } else {
      const lines = function* (): Generator<string> {
        for (const c of children) yield JSON.stringify(toFlagsDocument(evaluateChild(compiled, c, asOf)))
      }
      await writeAll(io.stdout, lines())
    }
    writeLine(io.stderr, `${unmatched.length} unmatched fact(s) waiting for a child record`)
    return 0
  },
}
