/**
 * The database commands end to end, on PGlite (a data folder of the test's
 * own) or, with DATABASE_URL, on the real server in a schema of the test's own.
 */
import t from 'tap'
import { cliDatabaseEnv } from './cli-database-env'
import { runInProcess } from './run-in-process'

const AS_OF = '2026-11-24'
const env = cliDatabaseEnv(t, 'cli')

const cli = (argv: readonly string[], stdin?: string) =>
  runInProcess(argv, { env, today: AS_OF, ...(stdin === undefined ? {} : { stdin }) })

t.test('ingest, score, flags and cohort agree with file-based evaluate', async (t) => {
  const city = await cli(['fixtures', 'generate', '--children', '150', '--seed', 'cli', '--reference-date', AS_OF])
  const migrated = await cli(['migrate'])
  t.equal(migrated.code, 0, migrated.stderr)

  const first = await cli(['ingest', '-'], city.stdout)
  t.equal(first.code, 0, first.stderr)
  t.match(first.stdout, /\d+ inserted/, 'prints the counts')
  const again = await cli(['ingest', '-'], city.stdout)
  t.equal(again.code, 0)
  t.match(again.stdout, /: 0 inserted, 0 corrected, \d+ unchanged, 0 withdrawn/, 'the same file again changes nothing')

  const scored = await cli(['score', '--as-of', AS_OF])
  t.equal(scored.code, 0, scored.stderr)
  t.match(scored.stdout, /scored 150 child\(ren\)/)

  const evaluated = await cli(['evaluate', '-', '--as-of', AS_OF], city.stdout)
  const expected = evaluated.stdout.trim().split('\n').map((l) => JSON.parse(l) as { childId: string; flags: unknown[] })
  const flagged = expected.filter((d) => d.flags.length > 0).slice(0, 8)
  t.ok(flagged.length > 0, 'some children are flagged')
  for (const doc of [...flagged, expected[0]]) {
    if (doc === undefined) continue
    const stored = await cli(['flags', doc.childId, '--as-of', AS_OF, '--json'])
    t.equal(stored.code, 0, stored.stderr)
    const { flags, ...rest } = JSON.parse(stored.stdout) as { flags: { since?: string }[] }
    const withoutSince = flags.map(({ since: _since, ...f }) => f)
    t.same({ ...rest, flags: withoutSince }, doc, `${doc.childId}: stored flags equal evaluate's`)
    t.ok(flags.every((f) => f.since === AS_OF), `${doc.childId}: each stored flag says since when`)
  }

  for (const name of ['missing-pilot', 'lac-attendance', 'exploitation']) {
    const fromStore = await cli(['cohort', name, '--as-of', AS_OF])
    const fromFile = await cli(['evaluate', '-', '--as-of', AS_OF, '--cohort', name], city.stdout)
    t.equal(fromStore.code, 0, fromStore.stderr)
    t.same(JSON.parse(fromStore.stdout), JSON.parse(fromFile.stdout), `${name}: the database and the file agree`)
  }
  const fte = await cli(['cohort', 'first-time-entrants', '--as-of', AS_OF, '--from', '2025-11-25', '--to', AS_OF, '--format', 'csv'])
  t.equal(fte.code, 0, fte.stderr)
  t.match(fte.stdout, /^childId,age,sex,locality,score,tier,flags,fteDate,fteOutcome,ageAtEntry/, 'CSV with its header')
})

t.test('a bad batch writes nothing and reports every error', async (t) => {
  const { readFileSync } = await import('node:fs')
  const before = await cli(['cohort', 'exploitation', '--as-of', AS_OF])
  const bad = await cli(['ingest', '-'], readFileSync('fixtures/scenarios/bad-batch.ndjson', 'utf8'))
  t.equal(bad.code, 1)
  t.match(bad.stderr, /nothing was written/)
  t.ok(bad.stderr.split('\n').filter((l) => /^line \d+/.test(l)).length >= 5, 'every bad line is named')
  const after = await cli(['cohort', 'exploitation', '--as-of', AS_OF])
  t.equal(after.stdout, before.stdout, 'stored state unchanged')
})

t.test('an unknown child is an error; changedSince lists what changed', async (t) => {
  const unknown = await cli(['flags', 'C9999999'])
  t.equal(unknown.code, 1)
  t.match(unknown.stderr, /no child with childId C9999999/)
  const changed = await cli(['cohort', 'missing-pilot', '--as-of', AS_OF, '--changed-since', '2026-10-01'])
  t.equal(changed.code, 0, changed.stderr)
  const doc = JSON.parse(changed.stdout) as { rows: { childId: string }[]; changes: { childId: string; change: string }[] }
  t.ok(Array.isArray(doc.changes), 'the document lists the changes')
  t.ok(doc.rows.every((r) => doc.changes.some((c) => c.childId === r.childId)), 'every row listed has a change')
  const csv = await cli(['cohort', 'missing-pilot', '--as-of', AS_OF, '--changed-since', '2026-10-01', '--format', 'csv'])
  t.equal(csv.code, 0, csv.stderr)
  const lines = csv.stdout.split('\r\n').filter((l) => l !== '')
  t.match(lines[0], /,change,raised,cleared/, 'CSV has the change columns')
  t.equal(lines.length - 1, doc.rows.length + doc.changes.filter((c) => c.change === 'left').length, 'a line per row and per child who left')
})

t.test('cohort pages follow --cursor, and a cursor from another list is refused', async (t) => {
  const whole = JSON.parse((await cli(['cohort', 'lac-attendance', '--as-of', AS_OF])).stdout) as { rows: { childId: string }[] }
  t.ok(whole.rows.length >= 3, 'a list of several pages')
  const first = JSON.parse((await cli(['cohort', 'lac-attendance', '--as-of', AS_OF, '--limit', '2'])).stdout) as { nextCursor: string }
  const next = await cli(['cohort', 'lac-attendance', '--as-of', AS_OF, '--limit', '2', '--cursor', first.nextCursor])
  t.equal(next.code, 0, next.stderr)
  t.same((JSON.parse(next.stdout) as { rows: { childId: string }[] }).rows.map((r) => r.childId), whole.rows.slice(2, 4).map((r) => r.childId))
  const otherDay = await cli(['cohort', 'lac-attendance', '--as-of', '2026-01-05', '--limit', '2', '--cursor', first.nextCursor])
  t.equal(otherDay.code, 1)
  t.match(otherDay.stderr, /the list changed since this cursor was given out; start again from the first page/)
})

t.test('token prints only a token, and refuses without a secret', async (t) => {
  const withSecret = await runInProcess(['token', '--role', 'mash', '--sub', 'someone', '--ttl', '1h'], {
    env: { EW_JWT_SECRET: 'x'.repeat(32) },
  })
  t.equal(withSecret.code, 0, withSecret.stderr)
  t.match(withSecret.stdout, /^[\w-]+\.[\w-]+\.[\w-]+\n$/, 'three base64url parts and nothing else')
  const without = await runInProcess(['token', '--role', 'mash', '--sub', 'someone'])
  t.equal(without.code, 1)
  t.match(without.stderr, /EW_JWT_SECRET/)
})
