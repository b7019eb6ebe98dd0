/**
 * `score` as of today scores every child, those an interrupted ingest left
 * marked among them, so it clears their marks: the next ingest then scores
 * only what it changes. As of another date the marks stay, since ingest
 * scores marked children as of today.
 */
import * as E from 'fp-ts/Either'
import t from 'tap'
import { pendingMarks } from '../../storage/flags/score-pending'
import { ingestBatch } from '../../storage/ingest/ingest-batch'
import { decodeBatch } from '../../engine/batch/decode-batch'
import { generateCity } from '../../fixtures/city/generate-city'
import { cliDatabaseEnv, openCliDatabase } from './cli-database-env'
import { runInProcess } from './run-in-process'

const TODAY = '2026-11-24'
const env = cliDatabaseEnv(t, 'marks')
const cli = (argv: readonly string[]) => runInProcess(argv, { env, today: TODAY })

/** What an ingest killed after its commit leaves: the city stored, every changed child marked, nothing scored. */
const ingestWithoutScoring = async (): Promise<number> => {
  const decoded = decodeBatch([...generateCity({ children: 12, seed: 'marks', referenceDate: TODAY })])
  if (E.isLeft(decoded)) throw new Error('the generated city does not decode')
  const opened = await openCliDatabase(env)
  try {
    const ingested = await ingestBatch(opened.db, decoded.right, { receivedAt: `${TODAY}T06:00:00.000Z` })
    if (E.isLeft(ingested)) throw new Error('the generated city was refused')
    return (await pendingMarks(opened.db)).length
  } finally {
    await opened.close()
  }
}

const marksLeft = async (): Promise<number> => {
  const opened = await openCliDatabase(env)
  try {
    return (await pendingMarks(opened.db)).length
  } finally {
    await opened.close()
  }
}

t.test('as of another date the marks stay; as of today they go', async (t) => {
  t.equal((await cli(['migrate'])).code, 0)
  const marked = await ingestWithoutScoring()
  t.equal(marked, 12, 'every child marked')
  const earlier = await cli(['score', '--as-of', '2026-10-01'])
  t.equal(earlier.code, 0, earlier.stderr)
  t.equal(await marksLeft(), 12, 'scored as of another date: still marked')
  const today = await cli(['score'])
  t.equal(today.code, 0, today.stderr)
  t.match(today.stdout, /scored 12 child\(ren\) as of 2026-11-24/)
  t.equal(await marksLeft(), 0, 'scored as of today: no mark left')
  const next = await runInProcess(['ingest', '-'], { env, today: TODAY, stdin: '' })
  t.equal(next.code, 0, next.stderr)
  t.match(next.stdout, /0 child\(ren\) scored/, 'the next ingest has nothing left over to score')
})
