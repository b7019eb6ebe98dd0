/**
 * `COPY … FROM STDIN` through kysely, for bulk writes. COPY is PostgreSQL's
 * fastest way in: the server stores the rows a page at a time
 * (`heap_multi_insert`) and parses nothing but the values, where an
 * `INSERT … SELECT` over parameters stores them one at a time and parses
 * the statement's arrays first (bench/README, bench:ingest).
 *
 * kysely only sends statements with parameters, so a copy travels as one:
 * its statement starts with `COPY_MARK` and its one parameter is the rows,
 * in COPY's text format. Over pg, the pooled client (`sendMarkedCopies`,
 * hooked where the pool connects) runs the COPY sub-protocol with them; on
 * PGlite the dialect hands them over as the blob PGlite reads for
 * `FROM '/dev/blob'`. Either way the copy is a statement of the transaction
 * it is sent in, and its error reaches the caller like any other.
 */
import { CompiledQuery, type Kysely, type Transaction } from 'kysely'
import type { Connection, Submittable } from 'pg'

/** The text a copy statement starts with. */
export const COPY_MARK = '/* ew:copy-from-stdin */ '

/** COPY's text format: backslash, tab, newline and carriage return are escaped; nothing else is special. */
const SPECIAL = /[\\\t\n\r]/
const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' }

/** A value as a field of COPY's text format (most values have nothing to escape: one test, no copy). */
export const copyField = (value: string): string =>
  SPECIAL.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c] ?? c) : value

/** COPY's text format for a null. */
export const COPY_NULL = '\\N'

/**
 * Sends `rows` (pieces of COPY's text format, each a run of whole lines
 * ending in a newline) by `statement` (`COPY table (columns) FROM STDIN`).
 * A copy stores every row or fails.
 */
export const copyFromStdin = async <DB>(
  db: Kysely<DB> | Transaction<DB>,
  statement: string,
  rows: readonly string[],
): Promise<void> => {
  if (!/^COPY [^;]+ FROM STDIN$/.test(statement)) throw new Error('a copy statement is COPY … FROM STDIN, alone')
  await db.executeQuery(CompiledQuery.raw(`${COPY_MARK}${statement}`, [rows]))
}

/**
 * Gathers lines into pieces of about `PIECE_CHARACTERS`. Small pieces, not
 * one string: every buffer on the way (the string, its UTF-8 bytes, pg's
 * message) then stays below the size at which the allocator maps fresh
 * pages for it, whose page faults cost more on this VM than the copying
 * itself (perf, bench:ingest).
 */
export class CopyPieces {
  private readonly pieces: string[] = []
  private lines: string[] = []
  private size = 0

  add(line: string): void {
    this.lines.push(line)
    this.size += line.length
    if (this.size >= PIECE_CHARACTERS) this.cut()
  }

  done(): readonly string[] {
    if (this.lines.length > 0) this.cut()
    return this.pieces
  }

  private cut(): void {
    this.pieces.push(this.lines.join(''))
    this.lines = []
    this.size = 0
  }
}

/** Characters per piece: its bytes stay well below glibc's 128 KiB mapping threshold. */
const PIECE_CHARACTERS = 32 * 1024

/** PGlite reads a copy's rows from the blob given with the query, named `/dev/blob` in the statement. */
export const asPgliteCopy = (text: string): string | undefined =>
  text.startsWith(COPY_MARK) ? text.slice(COPY_MARK.length).replace(/FROM STDIN$/, "FROM '/dev/blob'") : undefined

/** The part of pg's connection that the COPY IN sub-protocol needs (pg speaks it; its types leave it out). */
interface CopyInConnection {
  query(text: string): void
  sendCopyFromChunk(chunk: Buffer): void
  endCopyFrom(): void
}


/** A query pg's client runs like its own: one COPY, its rows, and the server's answer. */
class CopyFromStdin implements Submittable {
  private failure: unknown
  private settle: { resolve(): void; reject(error: unknown): void } = { resolve: () => undefined, reject: () => undefined }
  readonly done = new Promise<void>((resolve, reject) => {
    this.settle = { resolve, reject }
  })

  constructor(
    private readonly statement: string,
    private readonly pieces: readonly string[],
  ) {}

  /**
   * The rows go out right behind the statement, not when the server asks for
   * them: a round trip later, Node may be busy with other work (ingest
   * prepares its next chunk while the server copies) and the server would
   * wait. The protocol allows it: a server that refuses the statement
   * ignores the copy data that follows.
   */
  submit(connection: Connection): void {
    const copy = connection as unknown as CopyInConnection
    copy.query(this.statement)
    for (const piece of this.pieces) copy.sendCopyFromChunk(Buffer.from(piece, 'utf8'))
    copy.endCopyFrom()
  }

  handleCopyInResponse(): void {}

  // pg hands every answer to the active query; the count it carries is not needed (a copy stores every row or fails).
  handleCommandComplete(): void {}

  // The server answers an error, then that it is ready: the error is what the caller gets.
  handleError(error: unknown): void {
    this.failure ??= error
    // A connection that ends mid-copy never says it is ready.
    this.settle.reject(error)
  }

  handleReadyForQuery(): void {
    if (this.failure === undefined) this.settle.resolve()
  }
}

type Query = (config: unknown, values?: unknown, callback?: unknown) => unknown

/** What kysely's PostgreSQL driver reads from a query's result. */
interface QueryAnswer {
  readonly command: 'COPY'
  readonly rows: readonly never[]
}

/** Makes a pooled client run statements that carry `COPY_MARK` as copies of their one parameter. */
export const sendMarkedCopies = (client: { query: unknown }): void => {
  const query = (client.query as Query).bind(client)
  const copying: Query = (config, values, callback) => {
    if (typeof config !== 'string' || !config.startsWith(COPY_MARK)) return query(config, values, callback)
    const rows: unknown = Array.isArray(values) && values.length === 1 ? values[0] : undefined
    if (!Array.isArray(rows) || !rows.every((piece) => typeof piece === 'string')) {
      return Promise.reject(new Error('a copy takes its rows, in pieces, as its one parameter'))
    }
    const copy = new CopyFromStdin(config.slice(COPY_MARK.length), rows as readonly string[])
    query(copy)
    return copy.done.then((): QueryAnswer => ({ command: 'COPY', rows: [] }))
  }
  client.query = copying
}
