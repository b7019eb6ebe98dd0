import t from 'tap'
import { commands } from '../../cli/commands'
import { sql } from 'kysely'
import { openDatabase } from '../../storage/database/open-database'
import { runInProcess } from './run-in-process'

t.test('every command answers --help with its usage', async (t) => {
  for (const command of commands) {
    const run = await runInProcess([...command.words, '--help'])
    t.equal(run.code, 0, `${command.words.join(' ')} --help exits 0`)
    t.match(run.stdout, new RegExp(`Usage: early-warning ${command.words.join(' ')}`), `${command.words.join(' ')} prints its usage`)
  }
})

t.test('no command prints the overview on stderr and exits 2; --help prints it on stdout and exits 0', async (t) => {
  const none = await runInProcess([])
  t.equal(none.code, 2)
  t.match(none.stderr, /Commands:/)
  t.equal(none.stdout, '', 'a usage error writes nothing on stdout')
  const help = await runInProcess(['--help'])
  t.equal(help.code, 0)
  t.match(help.stdout, /Commands:/)
})

t.test('an input file that cannot be read is bad input named in one line, before anything is opened', async (t) => {
  const dir = t.testdir({})
  const env = { EW_DATA_DIR: `${dir}/data` }
  for (const [command, path, reason] of [
    ['evaluate', `${dir}/missing.ndjson`, 'no such file'],
    ['evaluate', dir, 'not a file'],
    ['ingest', `${dir}/missing.ndjson`, 'no such file'],
  ] as const) {
    const run = await runInProcess([command, path], { env })
    t.equal(run.code, 1, `${command} ${reason}`)
    t.equal(run.stderr, `cannot read ${path}: ${reason}\n`)
    t.equal(run.stdout, '')
  }
  const { existsSync } = await import('node:fs')
  t.notOk(existsSync(`${dir}/data`), 'ingest opened no database')
})

t.test('an unknown command or option is a usage error', async (t) => {
  const unknown = await runInProcess(['frobnicate'])
  t.equal(unknown.code, 2)
  t.match(unknown.stderr, /unknown command/)
  const badOption = await runInProcess(['rules', 'check', '--nope'])
  t.equal(badOption.code, 2)
})

t.test('rules check validates the shipped rule set', async (t) => {
  const run = await runInProcess(['rules', 'check'])
  t.equal(run.code, 0, run.stderr)
  t.match(run.stdout, /rule set default 1\.0\.0 \(sha256:[0-9a-f]{64}\)/)
  t.match(run.stdout, /17 rules, 4 cohorts: OK/)
})

t.test('rules check refuses a folder that is not a rule set', async (t) => {
  const broken = await runInProcess(['rules', 'check', t.testdir({ 'manifest.json': '{"id": "x"}', 'BAD.json': '{' })])
  t.equal(broken.code, 1)
  t.match(broken.stderr, /BAD\.json/, 'a file that is not JSON is named')
  const invalid = await runInProcess(['rules', 'check', t.testdir({ 'manifest.json': '{"id": 3}' })])
  t.equal(invalid.code, 1)
  t.match(invalid.stderr, /manifest\.json/, 'a manifest of the wrong shape is named')
})

t.test('fixtures generate: same seed and date, same bytes; another seed, another city', async (t) => {
  const args = ['fixtures', 'generate', '--children', '50', '--reference-date', '2026-11-24']
  const a = await runInProcess([...args, '--seed', '7'])
  const b = await runInProcess([...args, '--seed', '7'])
  const c = await runInProcess([...args, '--seed', '8'])
  t.equal(a.code, 0)
  t.equal(a.stdout, b.stdout, 'identical bytes')
  t.not(a.stdout, c.stdout, 'a different seed differs')
  t.ok(a.stdout.split('\n').filter((l) => l.includes('"kind":"child"')).length >= 50, 'every child has a record')
})

t.test('generated city piped to evaluate: flags for every child, the same bytes twice', async (t) => {
  const city = await runInProcess(['fixtures', 'generate', '--children', '300', '--seed', '7', '--reference-date', '2026-11-24'])
  const first = await runInProcess(['evaluate', '-', '--as-of', '2026-11-24'], { stdin: city.stdout })
  const second = await runInProcess(['evaluate', '-', '--as-of', '2026-11-24'], { stdin: city.stdout })
  t.equal(first.code, 0, first.stderr)
  t.equal(first.stdout, second.stdout, 'deterministic')
  t.equal(first.stdout.trim().split('\n').length, 300, 'one line per child')
})

t.test('demo builds the database, scores it and prints the summary', async (t) => {
  const dataDir = t.testdir({})
  const run = await runInProcess(['demo', '--children', '300', '--no-serve'], { env: { EW_DATA_DIR: dataDir } })
  t.equal(run.code, 0, run.stderr)
  t.match(run.stdout, /Children per flag/)
  t.match(run.stdout, /Children per tier/)
  t.match(run.stdout, /missing-pilot/)
  // runInProcess's clock: 2026-11-24 at 12:00 UTC. Nothing in the city may be later than that.
  const opened = await openDatabase({ dataDir })
  t.teardown(() => opened.close())
  const { rows } = await sql<{ recorded: number; started: number }>`
    SELECT extract(epoch FROM max(recorded_at))::float8 AS recorded,
           extract(epoch FROM max((content->>'start')::timestamptz) FILTER (WHERE kind = 'missing_episode'))::float8 AS started
    FROM fact_version
  `.execute(opened.db)
  const now = Date.parse('2026-11-24T12:00:00Z') / 1000
  t.ok(rows[0] !== undefined && rows[0].recorded <= now, `latest recordedAt ${new Date((rows[0]?.recorded ?? 0) * 1000).toISOString()}`)
  t.ok(rows[0] !== undefined && rows[0].started <= now, `latest episode start ${new Date((rows[0]?.started ?? 0) * 1000).toISOString()}`)
})

t.test('an embedded database that cannot be opened names EW_DATA_DIR', async (t) => {
  const dir = t.testdir({ 'a-file': 'not a folder' })
  const run = await runInProcess(['migrate'], { env: { EW_DATA_DIR: `${dir}/a-file` } })
  t.equal(run.code, 1)
  t.match(run.stderr, /EW_DATA_DIR .* could not be opened/)
})

t.test('a bad environment variable stops every command, those without a database too', async (t) => {
  for (const argv of [['evaluate', 'fixtures/scenarios/repeat-missing.ndjson'], ['rules', 'check'], ['fixtures', 'generate', '--children', '1', '--seed', 'a']]) {
    const run = await runInProcess(argv, { env: { LOG_LEVEL: 'bogus' } })
    t.equal(run.code, 1, argv.join(' '))
    t.match(run.stderr, /^configuration: LOG_LEVEL must be/)
    t.equal(run.stdout, '')
  }
  const retention = await runInProcess(['rules', 'check'], { env: { EW_RETENTION_AUDIT: 'P0D' } })
  t.equal(retention.code, 1, 'a retention period too')
  t.match(retention.stderr, /^configuration: EW_RETENTION_AUDIT must be/)
})
