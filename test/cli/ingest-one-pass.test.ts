/**
 * `ingest` writes as it reads (its child records first, then the rest): a
 * bad line found after chunks were written still leaves nothing written
 * and every bad line named, bad lines are reported before a clash that
 * stopped the batch before they were read (SPEC §2: all or nothing, every
 * bad line listed), and a record's claim meets another record's release of
 * the same identifier whatever their lines' order.
 */
import t from 'tap'
import { DEFAULT_CHUNK_SIZE } from '../../storage/ingest/chunk-by-fact'
import { countRows, missingLine, childLine, upnOf } from '../storage/synthetic-facts'
import { cliDatabaseEnv, openCliDatabase } from './cli-database-env'
import { runInProcess } from './run-in-process'

const AS_OF = '2026-11-24'
const env = cliDatabaseEnv(t, 'onepass')
const ingest = (lines: readonly Record<string, unknown>[]) =>
  runInProcess(['ingest', '-'], { env, today: AS_OF, stdin: lines.map((l) => JSON.stringify(l)).join('\n') + '\n' })

/** More than a chunk of good lines about one child. */
const episodes = (from: number, n: number) =>
  Array.from({ length: n }, (_, i) => missingLine({ sourceId: `M${from + i}`, subject: { childId: 'C1' } }))
const BAD = { ...missingLine({ sourceId: 'BAD', subject: { childId: 'C1' } }), start: '2024-13-01T10:00:00Z' }

const storedRows = async (): Promise<number> => {
  const opened = await openCliDatabase(env)
  try {
    return (await countRows(opened.db, 'fact_version')) + (await countRows(opened.db, 'child'))
  } finally {
    await opened.close()
  }
}

t.before(async () => {
  const migrated = await runInProcess(['migrate'], { env, today: AS_OF })
  if (migrated.code !== 0) throw new Error(migrated.stderr)
})

t.test('bad lines after chunks were written: nothing written, every bad line named', async (t) => {
  const lines = [childLine({ childId: 'C1' }), ...episodes(1, DEFAULT_CHUNK_SIZE + 500), BAD, ...episodes(9000, 10), { ...BAD, sourceId: 'BAD2' }]
  const run = await ingest(lines)
  t.equal(run.code, 1)
  const named = run.stderr.split('\n').filter((l) => /^line \d+/.test(l))
  t.ok(named.some((l) => l.startsWith(`line ${DEFAULT_CHUNK_SIZE + 502}`)), 'the first bad line')
  t.ok(named.some((l) => l.startsWith(`line ${lines.length}`)), 'and the last, read after the writing stopped')
  t.match(run.stderr, /2 error\(s\); nothing was written/)
  t.equal(await storedRows(), 0, 'the chunk written before the bad line was rolled back')
})

t.test('a clash that stops the batch early gives way to a bad line later in the file', async (t) => {
  const lines = [
    childLine({ childId: 'C1', upn: upnOf(1) }),
    childLine({ childId: 'C2', upn: upnOf(1) }),
    ...episodes(1, DEFAULT_CHUNK_SIZE + 10),
    BAD,
  ]
  const run = await ingest(lines)
  t.equal(run.code, 1)
  t.ok(run.stderr.split('\n').some((l) => l.startsWith(`line ${lines.length}`)), 'the bad line is named')
  t.match(run.stderr, /1 error\(s\); nothing was written/)
  t.notMatch(run.stderr, /conflict/, 'bad input first, as when every line was checked before writing')
  t.equal(await storedRows(), 0)

  const clashOnly = await ingest(lines.slice(0, -1))
  t.equal(clashOnly.code, 1)
  t.match(clashOnly.stderr, /1 conflict\(s\); nothing was written/, 'without the bad line, the clash is what is reported')
})

t.test('a good file is written whole', async (t) => {
  const lines = [childLine({ childId: 'C1' }), ...episodes(1, DEFAULT_CHUNK_SIZE + 5)]
  const run = await ingest(lines)
  t.equal(run.code, 0, run.stderr)
  t.match(run.stdout, new RegExp(`^ingested ${lines.length} line\\(s\\): ${lines.length} inserted`))
  t.equal(await storedRows(), lines.length + 1, 'every fact, and the child')
})

t.test("a record's claim and another record's release of the same identifier are taken whatever their lines' order", async (t) => {
  // CA holds the UPN; the batch moves it to CB, CB's line first and CA's correction more than a chunk of lines after it.
  const held = await ingest([childLine({ childId: 'CA', upn: upnOf(7) })])
  t.equal(held.code, 0, held.stderr)
  const move = [
    childLine({ childId: 'CB', upn: upnOf(7), recordedAt: '2024-05-02T09:00:00Z' }),
    ...episodes(20_000, DEFAULT_CHUNK_SIZE + 100).map((l) => ({ ...l, subject: { childId: 'CA' } })),
    childLine({ childId: 'CA', recordedAt: '2024-05-02T09:00:00Z' }),
  ]
  const run = await ingest(move)
  t.equal(run.code, 0, run.stderr)
  const opened = await openCliDatabase(env)
  try {
    const owner = await opened.db.selectFrom('child_identifier').select('child_id').where('value', '=', upnOf(7)).executeTakeFirst()
    t.equal(owner?.child_id, 'CB', 'the UPN moved')
  } finally {
    await opened.close()
  }
})
