/**
 * RELIABILITY R1, R2: a batch committed by a process killed before it scored
 * (the kill fell after the commit) is finished by the re-send, although the
 * re-send changes nothing: flags then equal a clean run's.
 */
import { readFileSync } from 'node:fs'
import * as E from 'fp-ts/Either'
import { sql } from 'kysely'
import t from 'tap'
import { decodeBatch } from '../../engine/batch/decode-batch'
import { ingestBatch } from '../../storage/ingest/ingest-batch'
import { cliDatabaseEnv, openCliDatabase } from './cli-database-env'
import { runInProcess } from './run-in-process'

const AS_OF = '2026-11-24'
const FILE = 'fixtures/scenarios/repeat-missing.ndjson'
const env = cliDatabaseEnv(t, 'resend')
const cli = (argv: readonly string[]) => runInProcess(argv, { env, today: AS_OF })

/** What a process killed right after its commit leaves: the batch stored, nobody scored. */
const ingestWithoutScoring = async (): Promise<void> => {
  const opened = await openCliDatabase(env)
  try {
    const lines = readFileSync(FILE, 'utf8').split('\n').filter((l) => l !== '')
    const decoded = decodeBatch(lines)
    if (E.isLeft(decoded)) throw new Error('the scenario does not decode')
    const stored = await ingestBatch(opened.db, decoded.right, { receivedAt: '2026-11-24T08:00:00.000Z', label: FILE })
    if (E.isLeft(stored)) throw new Error('the scenario is refused')
    const scores = await sql<{ n: string }>`SELECT count(*)::text AS n FROM child_score`.execute(opened.db)
    t.equal(scores.rows[0]?.n, '0', 'nothing scored before the re-send')
  } finally {
    await opened.close()
  }
}

t.test('an unchanged re-send scores the children its first delivery never scored', async (t) => {
  t.equal((await cli(['migrate'])).code, 0)
  await ingestWithoutScoring()
  const resent = await cli(['ingest', FILE])
  t.equal(resent.code, 0, resent.stderr)
  t.match(resent.stdout, /0 inserted, 0 corrected, 12 unchanged.*; 3 child\(ren\) scored/, "every child of the batch is scored")
  const flags = await cli(['flags', 'C1000001', '--json'])
  t.equal(flags.code, 0, flags.stderr)
  t.ok((JSON.parse(flags.stdout) as { flags: { id: string }[] }).flags.some((f) => f.id === 'MISSING_REPEAT'), 'its flags are stored')
  const again = await cli(['ingest', FILE])
  t.match(again.stdout, /; 0 child\(ren\) scored/, 'and a second re-send has nothing left to score')
})
