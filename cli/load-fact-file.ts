/**
 * Reads an NDJSON fact file into linked children: decode every line (all
 * errors), keep the current version of each fact, link facts to children.
 * File-based, no database.
 */
import * as E from 'fp-ts/Either'
import { decodeFactLine } from '../engine/batch/decode-line'
import { formatLineError, type LineError } from '../engine/batch/line-error'
import type { FactVersion } from '../engine/facts/fact'
import type { LinkConflict } from '../engine/linking/child-index'
import { linkFacts, type LinkedFacts } from '../engine/linking/link-facts'
import { currentFacts } from '../engine/versions/current-version'
import type { CliIo } from './cli-io'
import { progress } from './progress'
import { readLines } from './read-lines'

export const formatConflict = (c: LinkConflict): string =>
  c.identifierType === 'childId'
    ? `child record ${c.record.source}/${c.record.sourceId} claims childId ${c.conflictingChildId}, already claimed by child record ${c.conflictingRecord.source}/${c.conflictingRecord.sourceId}`
    : `child record ${c.record.source}/${c.record.sourceId} claims a ${c.identifierType} that belongs to child ${c.conflictingChildId} (record ${c.conflictingRecord.source}/${c.conflictingRecord.sourceId})`

/** Every problem as a line of text for stderr, or the linked facts. */
export const loadFactFile = (path: string, io: CliIo): Promise<E.Either<readonly string[], LinkedFacts>> =>
  linkLines(readLines(path, io.stdin), io)

/** Decodes NDJSON lines (all errors, with line numbers) and links the current facts to children. */
export const linkLines = async (
  lines: AsyncIterable<string> | Iterable<string>,
  io: Pick<CliIo, 'stderr'>,
): Promise<E.Either<readonly string[], LinkedFacts>> => {
  const versions: FactVersion[] = []
  const errors: LineError[] = []
  const shown = progress(io.stderr, 'lines read')
  let line = 0
  for await (const text of lines) {
    line += 1
    shown.tick()
    if (text.trim() === '') continue
    const decoded = decodeFactLine(text, line)
    if (E.isLeft(decoded)) errors.push(...decoded.left)
    else if (errors.length === 0) versions.push(decoded.right)
  }
  shown.done()
  if (errors.length > 0) return E.left([...errors.map(formatLineError), `${errors.length} error(s); nothing was evaluated`])
  return E.mapLeft((conflicts: readonly LinkConflict[]) => conflicts.map(formatConflict))(linkFacts(currentFacts(versions)))
}
