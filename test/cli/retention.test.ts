/**
 * `early-warning retention` end to end (RELIABILITY R9), on PGlite (a data
 * folder of the test's own) or, with DATABASE_URL, on the real server in a
 * schema of the test's own: facts seeded past retention; a dry run deletes
 * nothing; a run deletes them and says so in counts only; a second run
 * deletes nothing; nothing past retention remains.
 */
import t from 'tap'
import { cliDatabaseEnv } from './cli-database-env'
import { runInProcess, type CliRun } from './run-in-process'
import { CANARY, EARLY_LINES, EXPECTED, LATE_LINES } from '../storage/retention/retention-seed'

const env = cliDatabaseEnv(t, 'cli_ret')

const cli = (argv: readonly string[], today: string, stdin?: string, extraEnv: Record<string, string> = {}): Promise<CliRun> =>
  runInProcess(argv, { env: { ...env, ...extraEnv }, today, ...(stdin === undefined ? {} : { stdin }) })

const ndjson = (lines: readonly unknown[]): string => lines.map((l) => JSON.stringify(l)).join('\n')

/** Nothing that names or identifies a child or a record may appear in what the job prints. */
const SECRETS = [CANARY.givenName, CANARY.familyName, CANARY.dateOfBirth, CANARY.upn, 'C-KEEP', 'C-AGED', 'C-STAYS', ...EXPECTED.erased, ...EXPECTED.kept]

const leaks = (run: CliRun): readonly string[] => SECRETS.filter((s) => run.stdout.includes(s) || run.stderr.includes(s))

const TODAY = '2026-11-24'

t.test('retention: dry run, run, second run (R9)', async (t) => {
  const early = await cli(['ingest', '-'], '2024-06-01', ndjson(EARLY_LINES))
  t.equal(early.code, 0, early.stderr)
  const late = await cli(['ingest', '-'], '2026-11-20', ndjson(LATE_LINES))
  t.equal(late.code, 0, late.stderr)
  // Stored flags as of 2024-11-23 cite M-OLD, which retention erases.
  const scored = await cli(['score', '--as-of', '2024-11-23'], '2026-11-20')
  t.equal(scored.code, 0, scored.stderr)
  const before = await cli(['flags', 'C-KEEP', '--json'], '2024-11-23')
  t.match(before.stdout, /"sourceId":\s*"M-OLD"/, 'a stored flag cites a fact past retention')

  const dry = await cli(['retention', '--dry-run'], TODAY)
  t.equal(dry.code, 0, dry.stderr)
  t.match(dry.stdout, new RegExp(`would delete ${EXPECTED.facts} fact\\(s\\) with ${EXPECTED.versions} version\\(s\\)`))
  t.match(dry.stdout, /3 past their period, 4 of aged-out children, 1 unmatched; 1 child record\(s\)/)
  t.match(dry.stdout, /would score 1 child\(ren\) again/)
  const dryAgain = await cli(['retention', '--dry-run'], TODAY)
  t.equal(dryAgain.stdout, dry.stdout, 'the dry run deleted nothing')

  const run = await cli(['retention'], TODAY)
  t.equal(run.code, 0, run.stderr)
  t.match(run.stdout, new RegExp(`\\(run \\d+\\): deleted ${EXPECTED.facts} fact\\(s\\) with ${EXPECTED.versions} version\\(s\\)`))
  t.match(run.stdout, /facts by kind: ace_indicator 2, child 1, drug_intelligence 1, exclusion 1, missing_episode 3/)
  t.match(run.stdout, /scored 1 child\(ren\) again as of 2026-11-24/)
  t.equal(run.stdout.replace(/ \(run \d+\)/, '').replace(/deleted/g, 'would delete').split('\n')[0],
    dry.stdout.replace(' (dry run: nothing deleted)', '').split('\n')[0], 'the run deleted what the dry run counted')

  const second = await cli(['retention'], TODAY)
  t.equal(second.code, 0, second.stderr)
  t.match(second.stdout, /deleted 0 fact\(s\) with 0 version\(s\)/)
  t.match(second.stdout, /rows by table: none/)
  const remaining = await cli(['retention', '--dry-run'], TODAY)
  t.match(remaining.stdout, /would delete 0 fact\(s\) with 0 version\(s\)/)
  t.match(remaining.stdout, /rows by table: none/)

  const after = await cli(['flags', 'C-KEEP', '--json'], TODAY)
  t.equal(after.code, 0, after.stderr)
  t.notMatch(after.stderr, /not scored/, 'these are the stored flags, scored again by the run')
  for (const id of EXPECTED.erased) t.notOk(after.stdout.includes(`"${id}"`), `no stored flag cites ${id}`)
  const aged = await cli(['flags', 'C-AGED'], TODAY)
  t.equal(aged.code, 1, 'the aged-out child is no longer known')

  const printed = [dry, dryAgain, run, second, remaining].flatMap(leaks)
  t.same(printed, [], 'the job printed counts only: no name, date of birth, identifier or record id')
  const deleted = /deleted (\d+) fact/.exec(run.stdout)?.[1]
  t.comment(`R9: deleted ${deleted} facts, 0 remaining, second run deleted 0, ${printed.length} content in log`)
})

t.test('a bad period stops the job before it touches the database, naming the variable only', async (t) => {
  const bad = await cli(['retention'], TODAY, undefined, { EW_RETENTION_AUDIT: 'forever-and-ever' })
  t.equal(bad.code, 1)
  t.match(bad.stderr, /EW_RETENTION_AUDIT must be an ISO 8601 duration/)
  t.notOk(bad.stderr.includes('forever-and-ever'), 'the value is not echoed')
  t.equal(bad.stdout, '')
})

t.test('--help lists every period and its default', async (t) => {
  const help = await cli(['retention', '--help'], TODAY)
  t.equal(help.code, 0)
  t.match(help.stdout, /Usage: early-warning retention \[--dry-run\]/)
  t.match(help.stdout, /EW_RETENTION_MISSING_EPISODE\s+P2Y\s+from the end of the episode/)
  t.match(help.stdout, /EW_RETENTION_YOUTH_JUSTICE_OUTCOME\s+with-child/)
  t.match(help.stdout, /EW_RETENTION_AUDIT\s+P6Y/)
  const usage = await cli(['retention', '--now'], TODAY)
  t.equal(usage.code, 2, 'an unknown option is a usage error')
})
