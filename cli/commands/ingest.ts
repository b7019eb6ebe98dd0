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
import { cannotRead, unreadableFile } from '../input-file'

const help = `Usage: early-warning ingest FILE|-

Writes one batch of NDJSON facts (a file, or stdin for -) into the database,
all or nothing. If any line is bad, every error is printed with its line
number and nothing is written. The batch is written in one transaction as it
is read, in chunks of ${DEFAULT_CHUNK_SIZE} lines, in bounded memory whatever the file's
size: its child records first, then, reading it again, everything else; a
bad line stops the writing (the rest of the file is only checked) and the
transaction is rolled back. Re-sending the same facts
changes nothing; a newer version is a correction (the old one is kept); a
withdrawal retracts. A child record claiming what another record holds
waits for the end of the file (a later line may release it); the clashes
left then refuse the batch, each named. Facts for children not yet known
wait as unmatched. The
children whose facts changed are scored again as of today. Prints the counts.`

/** Every bad line of a batch: thrown by its chunk source, which rolls the batch back. */
class BadLines extends Error {
  constructor(readonly errors: readonly string[]) {
    super(`${errors.length} error(s) in the batch's lines`)
  }
}

/**
 * A line that states a child record, as written by every feed (`"kind":"child"`,
 * spaces allowed). A child record spelled otherwise (a `\u` escape in the
 * kind) is not missed: the second pass takes it with the rest.
 */
const CHILD_KIND = /"kind"\s*:\s*"child"/

/** Facts in chunks of DEFAULT_CHUNK_SIZE; a source that fails part-way hands over no part-filled chunk. */
async function* chunked(facts: AsyncIterable<NumberedFact>): AsyncGenerator<readonly NumberedFact[]> {
  let chunk: NumberedFact[] = []
  for await (const fact of facts) {
    chunk.push(fact)
    if (chunk.length >= DEFAULT_CHUNK_SIZE) {
      yield chunk
      chunk = []
    }
  }
  if (chunk.length > 0) yield chunk
}

/**
 * The batch's child records, read before anything else (as ingestBatch puts
 * them first): a record's claim on an identifier then meets the batch's
 * release of it by another record whatever their lines' order (SPEC §2),
 * mostly in the same chunk (a claim that clashes waits for the end of the
 * batch, storage/ingest/waiting-records), and the other facts find their
 * children in place.
 * Lines that do not decode are left to the second pass, which reports them.
 */
async function* childRecords(path: string, io: CliIo): AsyncGenerator<NumberedFact> {
  let line = 0
  for await (const text of readLines(path, io.stdin)) {
    line += 1
    if (!CHILD_KIND.test(text)) continue
    const decoded = decodeFactLine(text, line)
    if (E.isRight(decoded) && decoded.right.kind === 'child') yield { line, fact: decoded.right }
  }
}

/**
 * Every other line, each checked. From the first bad line on, nothing more
 * is handed over: the rest is only checked, and the end throws every error
 * (BadLines), so the batch rolls back.
 */
async function* otherCheckedFacts(path: string, io: CliIo, read: { lines: number }): AsyncGenerator<NumberedFact> {
  const shown = progress(io.stderr, 'lines read')
  const errors: string[] = []
  let line = 0
  for await (const text of readLines(path, io.stdin)) {
    line += 1
    shown.tick()
    if (text.trim() === '') continue
    const decoded = decodeFactLine(text, line)
    if (E.isLeft(decoded)) errors.push(...decoded.left.map(formatLineError))
    // A child record the first pass took is not handed over twice.
    else if (errors.length === 0 && !(decoded.right.kind === 'child' && CHILD_KIND.test(text))) yield { line, fact: decoded.right }
  }
  shown.done()
  read.lines = line
  if (errors.length > 0) throw new BadLines(errors)
}

/** The decoded facts a chunk at a time: the child records first, then, reading the file again, the rest. */
async function* checkedChunks(path: string, io: CliIo, read: { lines: number }): AsyncGenerator<readonly NumberedFact[]> {
  yield* chunked(childRecords(path, io))
  yield* chunked(otherCheckedFacts(path, io, read))
}

const reportBadLines = (io: CliIo, errors: readonly string[]): number => {
  for (const line of errors) writeLine(io.stderr, line)
  writeLine(io.stderr, `${errors.length} error(s); nothing was written`)
  return 1
}

/**
 * When the batch failed otherwise (a clash, a store that cannot open): the
 * file's bad lines, if it has any, reported as such (exit 1); else undefined.
 * The file is read to its end, holding a chunk at most.
 */
const reportedBadLines = async (path: string, io: CliIo): Promise<number | undefined> => {
  try {
    for await (const _chunk of checkedChunks(path, io, { lines: 0 })) continue
    return undefined
  } catch (error) {
    if (error instanceof BadLines) return reportBadLines(io, error.errors)
    throw error
  }
}

export const ingest: Command = {
  words: ['ingest'],
  summary: 'write one batch of NDJSON facts into the database',
  help,
  async run(args, io) {
    const { positionals } = parseArgs({ args: [...args], strict: true, allowPositionals: true, options: {} })
    const file = positionals[0]
    if (file === undefined || positionals.length > 1) throw new UsageError('give exactly one FILE, or - for stdin')
    const unreadable = await unreadableFile(file)
    if (unreadable !== undefined) {
      writeLine(io.stderr, cannotRead(file, unreadable))
      return 1
    }
    const rules = loadRulesOrProblems()
    if (E.isLeft(rules)) {
      for (const line of rules.left) writeLine(io.stderr, line)
      return 1
    }
    const input = await readableTwice(file, io.stdin)
    const read = { lines: 0 }
    // Whether the batch was tried. A store that failed before it (cannot be
    // opened or migrated) gives way to the file's bad lines, if it has any:
    // bad input is reported whatever the database's state, as it was when
    // every line was checked before the database was opened.
    let tried = false
    try {
      const code = await withStore(io, async ({ store }) => {
        tried = true
        const receivedAt = io.now()
        // Work the server failed for a passing reason (serialization, deadlock, a restart, a
        // dropped connection) is run again from the start: the file is spooled, a re-send of a
        // batch that did commit is unchanged, and scoring again stores the same flags (RELIABILITY R4).
        const retrying = <A>(what: string, work: () => Promise<A>): Promise<A> =>
          withTransientRetry(work, {
            onRetry: ({ attempt, code, delayMs }) => writeLine(io.stderr, `the database failed the ${what} (${code}); attempt ${attempt + 1} in ${delayMs} ms`),
          })
        let result: Awaited<ReturnType<typeof ingestChunks>>
        try {
          result = await retrying('batch', () =>
            ingestChunks(store.db, checkedChunks(input.path, io, read), { receivedAt, label: file === '-' ? 'stdin' : file }),
          )
        } catch (error) {
          if (error instanceof BadLines) return reportBadLines(io, error.errors)
          throw error
        }
        if (E.isLeft(result)) {
          // A clash can stop the batch before a later bad line is read: bad lines are reported first.
          const badLines = await reportedBadLines(input.path, io)
          if (badLines !== undefined) return badLines
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
          scorePendingChildren(store.db, async (childIds, clearing) => {
            scored = await scoreChildren(store.db, compiled, childIds, { asOf: io.today(), evaluatedAt: io.now(), clearing })
          }),
        )
        writeLine(
          io.stdout,
          `ingested ${read.lines} line(s): ${counts.inserted} inserted, ${counts.corrected} corrected, ${counts.unchanged} unchanged, ` +
            `${counts.withdrawn} withdrawn, ${counts.superseded} superseded, ${counts.unmatched} unmatched, ${counts.linked} linked; ` +
            `${scored} child(ren) scored as of ${io.today()}`,
        )
        return 0
      })
      return code !== 0 && !tried ? ((await reportedBadLines(input.path, io)) ?? code) : code
    } catch (error) {
      const badLines = tried ? undefined : await reportedBadLines(input.path, io)
      if (badLines !== undefined) return badLines
      throw error
    } finally {
      input.cleanup()
    }
  },
}
