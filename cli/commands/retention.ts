import { parseArgs } from 'node:util'
import * as E from 'fp-ts/Either'
import { formatConfigProblem } from '../../config/config'
import { DEFAULT_RETENTION, EVENT_KINDS, FactRetention, readRetentionPolicy, retentionVariable } from '../../config/retention'
import { compileRuleSet } from '../../engine/evaluate'
import { scoreChildren } from '../../scoring/score-children'
import { CLOCK } from '../../storage/retention/clocks'
import { runRetention, type RetentionOutcome } from '../../storage/retention/run-retention'
import { writeLine } from '../cli-io'
import type { Command } from '../command'
import { loadRulesOrProblems } from '../load-rules'
import { withStore } from '../open-store'

const periodLine = (name: string, period: string, from: string): string =>
  `  ${retentionVariable(name).padEnd(38)} ${period.padEnd(10)} from ${from}`

const help = `Usage: early-warning retention [--dry-run]

Deletes what is past its retention period, in one transaction: facts (all
versions of each), child records with everything about the child, facts
that never found their child, flag and cohort history, and the audit log.
Children who lose a fact are then scored again as of today, so no stored
flag cites an erased record. The run is recorded in the database with
counts only, and only counts are printed. A second run on the same day
deletes nothing.

  --dry-run   do the same inside a transaction that is rolled back: prints
              what would be deleted, deletes nothing

A record is past retention when its clock started before today minus its
period. Periods are ISO 8601 durations (P2Y, P18M, P90D), each set by an
environment variable; "with-child" keeps a kind's facts as long as the
child's record. Defaults:

${[
  ...EVENT_KINDS.map((k) => {
    const retention = DEFAULT_RETENTION.kinds[k]
    const from = retention._tag === 'WithChild' ? `${CLOCK[k].from} when given a period` : CLOCK[k].from
    return periodLine(k, FactRetention.encode(retention), from)
  }),
  periodLine('child', DEFAULT_RETENTION.child.text, "the child's 18th birthday (with all their facts and flags)"),
  periodLine('unmatched', DEFAULT_RETENTION.unmatched.text, 'arrival, for a fact no child record identifies'),
  periodLine('flag_history', DEFAULT_RETENTION.flagHistory.text, 'the as-of date of a raised/cleared or entered/left event'),
  periodLine('audit', DEFAULT_RETENTION.audit.text, 'the time of the access it records'),
].join('\n')}

A withdrawn fact is kept for its kind's period from the day the withdrawal
arrived.`

const listed = (counts: Readonly<Record<string, number>>): string =>
  Object.entries(counts)
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, n]) => `${name} ${n}`)
    .join(', ') || 'none'

/** Counts and dates only: never an id, a name or content. */
export const retentionReport = (outcome: RetentionOutcome, dryRun: boolean): readonly string[] => {
  const { counts, cutoffs } = outcome
  const verb = dryRun ? 'would delete' : 'deleted'
  const reasons = counts.factsByReason
  return [
    `retention as of ${cutoffs.asOf}${dryRun ? ' (dry run: nothing deleted)' : ` (run ${outcome.runId ?? '?'})`}: ` +
      `${verb} ${counts.facts} fact(s) with ${counts.rows.fact_version} version(s): ${reasons.period} past their period, ` +
      `${reasons.child} of aged-out children, ${reasons.unmatched} unmatched; ${counts.rows.child} child record(s)`,
    `  facts by kind: ${listed(counts.factsByKind)}`,
    `  rows by table: ${listed(counts.rows)}`,
    `  cutoffs: children 18 before ${cutoffs.child}, unmatched arrived before ${cutoffs.unmatched}, ` +
      `flag history before ${cutoffs.flagHistory}, audit before ${cutoffs.audit}`,
    dryRun
      ? `  would score ${counts.toRescore} child(ren) again`
      : `  scored ${outcome.rescored} child(ren) again as of ${cutoffs.asOf}`,
    ...(counts.auditNotErased === 0
      ? []
      : [
          `  ${counts.auditNotErased} audit row(s) past their period ${dryRun ? 'would be' : 'were'} left: this database role may not ` +
            'delete from audit_event (run retention as the role that owns it)',
        ]),
  ]
}

export const retention: Command = {
  words: ['retention'],
  summary: 'delete what is past its retention period (counts only)',
  help,
  async run(args, io) {
    const { values } = parseArgs({ args: [...args], strict: true, options: { 'dry-run': { type: 'boolean' } } })
    const dryRun = values['dry-run'] === true
    const policy = readRetentionPolicy(io.env)
    if (E.isLeft(policy)) {
      for (const problem of policy.left) writeLine(io.stderr, formatConfigProblem(problem))
      return 1
    }
    // Refuse before deleting anything if the children who lose facts could not be scored again.
    const rules = loadRulesOrProblems()
    if (E.isLeft(rules)) {
      for (const line of rules.left) writeLine(io.stderr, line)
      return 1
    }
    const compiled = compileRuleSet(rules.right)
    return withStore(io, async ({ store }) => {
      const asOf = io.today()
      const outcome = await runRetention(store.db, policy.right, { asOf, startedAt: io.now(), dryRun }, (childIds) =>
        scoreChildren(store.db, compiled, childIds, { asOf, evaluatedAt: io.now() }),
      )
      for (const line of retentionReport(outcome, dryRun)) writeLine(io.stdout, line)
      return 0
    })
  },
}
