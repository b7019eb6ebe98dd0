import { parseArgs } from 'node:util'
import * as E from 'fp-ts/Either'
import type { NumberedFact } from '../../engine/batch/decode-batch'
import { decodeFactLine } from '../../engine/batch/decode-line'
import { formatLineError } from '../../engine/batch/line-error'
import { compileRuleSet } from '../../engine/evaluate'
import { scoreChildren } from '../../scoring/score-children'
import { withTransientRetry } from '../../storage/database/transient-retry'
import { DEFAULT_CHUNK_SIZE } from '../../storage/ingest/chunk-by-fact'
import { scorePendingChildren } from '../../storage/flags/score-pending'
import { ingestChunks } from '../../storage/ingest/ingest-batch'
import { UsageError, writeLine, type CliIo } from '../cli-io'
import type { Command } from '../command'
import { loadRulesOrProblems } from '../load-rules'
import { withStore } from '../open-store'
import { progress } from '../progress'
import { readLines } from '../read-lines'
import { readableTwice } from '../spool-stdin'

const help = `Usage: early-warning ingest FILE|-

Writes one batch of NDJSON facts (a file, or stdin for -) into the database,
all or nothing. Every line is validated first: if any is bad, every error is
printed with its line number and nothing is written. Then the batch is
written in one transaction, in chunks of ${DEFAULT_CHUNK_SIZE} lines, so a file of any size
is read in bounded memory. Re-sending the same facts changes nothing; a newer
version is a correction (the old one is kept); a withdrawal retracts. Facts
for children not yet known wait as unmatched. The children whose facts
changed are scored again as of today. Prints the counts.`

/** Pass 1: every bad line, holding no facts. */
const validate = async (path: string, io: CliIo): Promise<{ lines: number; errors: string[] }> => {
  const errors: string[] = []
  const shown = progress(io.stderr, 'lines checked')
  let lines = 0
  for await (const text of readLines(path, io.stdin)) {
    lines += 1
    shown.tick()
    if (text.trim() === '') continue
    const decoded = decodeFactLine(text, lines)
    if (E.isLeft(decoded)) errors.push(...decoded.left.map(formatLineError))
  }
  shown.done()
  return { lines, errors }
}

/** Pass 2: the decoded facts, a chunk at a time. */
async function* chunksOf(path: string, io: CliIo): AsyncGenerator<readonly NumberedFact[]> {
  const shown = progress(io.stderr, 'lines written')
  let chunk: NumberedFact[] = []
  let line = 0
  for await (const text of readLines(path, io.stdin)) {
    line += 1
    shown.tick()
    if (text.trim() === '') continue
    const decoded = decodeFactLine(text, line)
    // Validated in pass 1; a file that changed in between stops the batch (and rolls it back).
    if (E.isLeft(decoded)) throw new Error(`line ${line} changed while the batch was being written`)
    chunk.push({ line, fact: decoded.right })
    if (chunk.length >= DEFAULT_CHUNK_SIZE) {
      yield chunk
      chunk = []
    }
  }
  if (chunk.length > 0) yield chunk
  shown.done()
}

export const ingest: Command = {
  words: ['ingest'],
  summary: 'write one batch of NDJSON facts into the database',
  help,
  async run(args, io) {
    const { positionals } = parseArgs({ args: [...args], strict: true, allowPositionals: true, options: {} })
    const file = positionals[0]
    if (file === undefined || positionals.length > 1) throw new UsageError('give exactly one FILE, or - for stdin')
    const rules = loadRulesOrProblems()
    if (E.isLeft(rules)) {
      for (const line of rules.left) writeLine(io.stderr, line)
      return 1
    }
    const input = await readableTwice(file, io.stdin)
    try {
      const checked = await validate(input.path, io)
      if (checked.errors.length > 0) {
        for (const line of checked.errors) writeLine(io.stderr, line)
        writeLine(io.stderr, `${checked.errors.length} error(s); nothing was written`)
        return 1
      }
      return await withStore(io, async ({ store }) => {
        const receivedAt = io.now()
        // Work the server failed for a passing reason (serialization, deadlock, a restart, a
        // dropped connection) is run again from the start: the file is spooled, a re-send of a
        // batch that did commit is unchanged, and scoring again stores the same flags (RELIABILITY R4).
        const retrying = <A>(what: string, work: () => Promise<A>): Promise<A> =>
          withTransientRetry(work, {
            onRetry: ({ attempt, code, delayMs }) => writeLine(io.stderr, `the database failed the ${what} (${code}); attempt ${attempt + 1} in ${delayMs} ms`),
          })
        const result = await retrying('batch', () =>
          ingestChunks(store.db, chunksOf(input.path, io), { receivedAt, label: file === '-' ? 'stdin' : file }),
        )
        if (E.isLeft(result)) {
          for (const e of result.left) writeLine(io.stderr, e.message)
          writeLine(io.stderr, `${result.left.length} conflict(s); nothing was written`)
          return 1
        }
        const { counts } = result.right
        const compiled = compileRuleSet(rules.right)
        // The children this batch changed, and any an earlier run committed but never scored
        // (killed after its commit): a re-send of that batch changes nothing, yet finishes it.
        let scored = 0
        await retrying('scoring', () =>
          scorePendingChildren(store.db, async (childIds) => {
            scored = await scoreChildren(store.db, compiled, childIds, { asOf: io.today(), evaluatedAt: io.now() })
          }),
        )
        writeLine(
          io.stdout,
          `ingested ${checked.lines} line(s): ${counts.inserted} inserted, ${counts.corrected} corrected, ${counts.unchanged} unchanged, ` +
            `${counts.withdrawn} withdrawn, ${counts.superseded} superseded, ${counts.unmatched} unmatched, ${counts.linked} linked; ` +
            `${scored} child(ren) scored as of ${io.today()}`,
        )
        return 0
      })
    } finally {
      input.cleanup()
    }
  },
}
