/**
 * The common case of every chunk: first versions of facts (nothing held,
 * nothing can clash), written with one COPY: the chunk's new facts, and
 * before them its new child records (`ingest-chunk.ts`).
 *
 * Each row is made ready when the chunk is resolved (while the database
 * still writes the chunk before), all but its link: the child a current
 * version belongs to is only known once the chunk's own child records are in
 * place. So the links are decided then: from the claims the chunk's sync
 * just made, else by one probe per distinct subject; and each row is
 * finished with its link and the run. Each content is written in jsonb's
 * text form here, so the server stores it as it comes (a json column),
 * computes the hash from it (a generated column) and checks the unique key.
 *
 * A COPY has no RETURNING: what the end of the batch needs about these facts
 * (which wait unmatched, which children changed) is worked out here from the
 * links, not read back.
 */
import { sql, type Transaction } from 'kysely'
import { COPY_NULL, CopyPieces, copyField, copyFromStdin } from '../database/copy-from-stdin'
import type { Database } from '../database/database'
import { PREPARED } from '../database/prepared-statements'
import { jsonbText } from './jsonb-text'
import { storedEventDate } from './stored-event-date'
import type { ResolvedFact } from './chunk-notes'
import type { TouchedClaim } from './sync-children'
import type { IngestRun, VersionToInsert } from './version-rows'

/** Columns in the order of each row: the link last but two, so it can be filled in late. */
const COPY_STATEMENT =
  'COPY fact_version (source, source_id, kind, recorded_at, withdrawn, content, event_date, is_current, subject_type, subject_value, ' +
  'child_id, ingest_run_id, received_at) FROM STDIN'

export interface NewFactRow {
  /** The fact's key. */
  readonly key: string
  readonly version: VersionToInsert
  /** The row up to its link, in COPY's text format, ending in a tab. */
  readonly head: string
  /** The key its link is looked up by, when it needs one (a current version other than a child record's); made with the row, ahead. */
  readonly subject: string | undefined
}

/** The new facts of a chunk, and each of their versions as a row still to link. */
export interface NewFacts {
  readonly facts: readonly ResolvedFact[]
  readonly rows: readonly NewFactRow[]
}

const bool = (b: boolean): string => (b ? 't' : 'f')

const nullable = (s: string | null): string => (s === null ? COPY_NULL : copyField(s))

/** A version as a row, up to its link (pure; the content in jsonb's text form, as every stored version has it). */
export const newFactRow = (key: string, version: VersionToInsert): NewFactRow => {
  const { fact } = version
  const fields = [
    copyField(fact.source),
    copyField(fact.sourceId),
    copyField(fact.kind),
    copyField(fact.recordedAt),
    bool(fact.withdrawn === true),
    copyField(jsonbText(fact)),
    nullable(storedEventDate(fact)),
    bool(version.current),
    copyField(version.subjectType),
    copyField(version.subjectValue),
  ]
  // A row needs a link when it becomes current (history is never linked).
  const needsLink = version.current && fact.kind !== 'child'
  const subject = needsLink ? subjectKey(version.subjectType, version.subjectValue) : undefined
  return { key, version, head: `${fields.join('\t')}\t`, subject }
}

/** The key a subject is looked up by. */
const subjectKey = (type: string, value: string): string => `${type}\u0000${value}`

/**
 * The child each subject names now: by its childId, or by the agency
 * identifier a current child record claims. `known`: the claims the chunk's
 * own sync just made or released, with their owner now (in a first load,
 * nearly every subject: a child's facts follow its record); the database is
 * asked about the others, one probe each. Subjects nobody claims are left out.
 */
export const linkSubjects = async (
  trx: Transaction<Database>,
  rows: readonly NewFactRow[],
  known: readonly TouchedClaim[],
): Promise<ReadonlyMap<string, string>> => {
  const links = new Map<string, string>()
  const answered = new Set<string>()
  for (const claim of known) {
    const key = subjectKey(claim.type, claim.value)
    answered.add(key)
    if (claim.owner !== null) links.set(key, claim.owner)
  }
  const subjects = new Map<string, VersionToInsert>()
  for (const row of rows) {
    if (row.subject !== undefined && !answered.has(row.subject)) subjects.set(row.subject, row.version)
  }
  if (subjects.size === 0) return links
  const wanted = [...subjects.values()]
  const { rows: found } = await sql<{ type: string; value: string; child_id: string }>`${PREPARED}
    SELECT type, value, child_id FROM (
      SELECT s.type, s.value,
             CASE WHEN s.type = 'childId' THEN (SELECT c.child_id FROM child c WHERE c.child_id = s.value)
                  ELSE (SELECT i.child_id FROM child_identifier i WHERE i.type = s.type AND i.value = s.value)
             END AS child_id
      FROM unnest(${wanted.map((v) => v.subjectType)}::text[], ${wanted.map((v) => v.subjectValue)}::text[]) AS s(type, value)
    ) AS linked
    WHERE child_id IS NOT NULL
  `.execute(trx)
  for (const r of found) links.set(subjectKey(r.type, r.value), r.child_id)
  return links
}

/** The child each new current version was linked to (`null`: none), by fact key. */
export const linksByFact = (
  rows: readonly NewFactRow[],
  links: ReadonlyMap<string, string>,
): ReadonlyMap<string, string | null> => {
  const linkOf = new Map<string, string | null>()
  for (const row of rows) {
    if (!row.version.current) continue
    const link = row.subject === undefined ? undefined : links.get(row.subject)
    linkOf.set(row.key, link ?? null)
  }
  return linkOf
}

/** Stores the rows, each with its link, as versions of `run`. */
export const copyNewFacts = async (
  trx: Transaction<Database>,
  rows: readonly NewFactRow[],
  linkOf: ReadonlyMap<string, string | null>,
  run: IngestRun,
): Promise<void> => {
  if (rows.length === 0) return
  const tail = `\t${copyField(run.id)}\t${copyField(run.receivedAt)}\n`
  const pieces = new CopyPieces()
  for (const row of rows) {
    const link = row.version.current ? (linkOf.get(row.key) ?? null) : null
    pieces.add(`${row.head}${link === null ? COPY_NULL : copyField(link)}${tail}`)
  }
  await copyFromStdin(trx, COPY_STATEMENT, pieces.done())
}
