import { parseArgs } from 'node:util'
import * as E from 'fp-ts/Either'
import { changedSince, cohortCsv, pageOf, plainSeal, toCohortDocument, type CohortParams } from '../../engine/cohorts'
import { compileRuleSet } from '../../engine/evaluate'
import { storedCohortRows } from '../../scoring/stored-cohort'
import { dateOption } from '../as-of'
import { formatCohortProblem } from '../cohort-document'
import { UsageError, writeLine } from '../cli-io'
import type { Command } from '../command'
import { loadRulesOrProblems } from '../load-rules'
import { withStore } from '../open-store'

const help = `Usage: early-warning cohort NAME [--as-of D] [--from D --to D] [--locality L]
                           [--changed-since D] [--limit N --cursor C] [--format json|csv]

A cohort over the stored facts (SPEC §4): missing-pilot, lac-attendance,
exploitation or first-time-entrants (which needs --from and --to). The
operator's tool: not filtered by role, names included.

  --as-of D          the date (default: today in Europe/London)
  --locality L       only children of that locality team area
  --changed-since D  only children who entered, left or whose flags changed after D, with what changed
  --limit N          rows per page; the document's nextCursor gives the next page (--cursor)
  --format csv       CSV for spreadsheets (formula cells neutralised); default json`

export const cohort: Command = {
  words: ['cohort'],
  summary: 'a cohort list from the database (JSON or CSV)',
  help,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: true,
      options: {
        'as-of': { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        locality: { type: 'string' },
        'changed-since': { type: 'string' },
        limit: { type: 'string' },
        cursor: { type: 'string' },
        format: { type: 'string' },
      },
    })
    const name = positionals[0]
    if (name === undefined || positionals.length > 1) throw new UsageError('give exactly one cohort NAME')
    const format = values.format ?? 'json'
    if (format !== 'json' && format !== 'csv') throw new UsageError('--format must be json or csv')
    const limit = values.limit === undefined ? undefined : Number(values.limit)
    if (limit !== undefined && !(Number.isSafeInteger(limit) && limit >= 1)) throw new UsageError('--limit must be a whole number of at least 1')
    const asOf = dateOption('as-of', values['as-of']) ?? io.today()
    const since = dateOption('changed-since', values['changed-since'])
    if (since !== undefined && since > asOf) throw new UsageError('--changed-since must not be after --as-of')
    const from = dateOption('from', values.from)
    const to = dateOption('to', values.to)

    const rules = loadRulesOrProblems()
    if (E.isLeft(rules)) {
      for (const line of rules.left) writeLine(io.stderr, line)
      return 1
    }
    const definition = rules.right.cohorts.find((c) => c.name === name)
    if (definition === undefined) {
      writeLine(io.stderr, `no cohort named ${name}; the rule set defines ${rules.right.cohorts.map((c) => c.name).join(', ')}`)
      return 1
    }
    const paramsOn = (date: string): CohortParams => ({
      asOf: date,
      ...(from === undefined ? {} : { from }),
      ...(to === undefined ? {} : { to }),
      ...(values.locality === undefined ? {} : { locality: values.locality }),
    })
    const page = { ...(limit === undefined ? {} : { limit }), ...(values.cursor === undefined ? {} : { cursor: values.cursor }) }
    return withStore(io, async ({ store }) => {
      const compiled = compileRuleSet(rules.right)
      const now = await storedCohortRows(store.db, compiled, definition, paramsOn(asOf))
      if (E.isLeft(now)) {
        writeLine(io.stderr, formatCohortProblem(now.left))
        return 1
      }
      let rows = now.right
      let changes: ReturnType<typeof changedSince> | undefined
      if (since !== undefined) {
        const then = await storedCohortRows(store.db, compiled, definition, paramsOn(since))
        changes = changedSince(E.isRight(then) ? then.right : [], rows)
        const changed = new Set(changes.map((c) => c.childId))
        rows = rows.filter((r) => changed.has(r.childId))
      }
      if (format === 'csv') {
        const paged = pageOf(name, rows, page, plainSeal)
        if (E.isLeft(paged)) {
          writeLine(io.stderr, formatCohortProblem(paged.left))
          return 1
        }
        const csvChanges = changes === undefined ? undefined : { list: changes, withLeft: paged.right.nextCursor === null }
        io.stdout.write(cohortCsv(paged.right.rows, definition.columns, csvChanges === undefined ? {} : { changes: csvChanges }))
        if (paged.right.nextCursor !== null) writeLine(io.stderr, `next page: --cursor ${paged.right.nextCursor}`)
        return 0
      }
      const doc = toCohortDocument(name, asOf, rows, page, plainSeal)
      if (E.isLeft(doc)) {
        writeLine(io.stderr, formatCohortProblem(doc.left))
        return 1
      }
      writeLine(io.stdout, JSON.stringify(changes === undefined ? doc.right : { ...doc.right, changes }, null, 2))
      return 0
    })
  },
}
