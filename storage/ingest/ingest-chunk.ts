/**
 * One chunk of a batch, in two steps so that a phase can overlap them
 * (`ingest-phase.ts`):
 * - `loadHeldFor` + `resolveChunk`: read the versions held for the chunk's
 *   facts and resolve each fact's lines against them;
 * - `writeChunk`: move the current flag, store the new versions (child
 *   records first, synced at once; then the other facts, each linked to the
 *   child its subject names), and note what the end of the batch needs.
 */
import type { Transaction } from 'kysely'
import type { NumberedFact } from '../../engine/batch/decode-batch'
import { factKey, subjectEntry } from '../../engine/facts/fact'
import type { Database } from '../database/database'
import { noteAffected, noteChildKeys, noteUnmatched } from './batch-scratch'
import { BatchRefused } from './batch-refused'
import { chunkNotes, type ResolvedFact } from './chunk-notes'
import type { LineOutcome } from './ingest-counts'
import { loadHeldVersions, type HeldVersion } from './load-held-versions'
import { relinkTouchedFacts } from './relink-facts'
import { resolveArrivals } from './resolve-arrivals'
import { syncChildren } from './sync-children'
import {
  demoteVersions,
  insertFirstVersions,
  insertVersions,
  promoteStoredVersion,
  type IngestRun,
  type InsertedVersion,
  type VersionToInsert,
} from './write-versions'

export interface FactLines {
  readonly key: string
  readonly source: string
  readonly sourceId: string
  readonly lines: NumberedFact[]
}

export const groupByFact = (chunk: readonly NumberedFact[]): readonly FactLines[] => {
  const groups = new Map<string, FactLines>()
  for (const item of chunk) {
    const key = factKey(item.fact)
    const group = groups.get(key)
    if (group === undefined) groups.set(key, { key, source: item.fact.source, sourceId: item.fact.sourceId, lines: [item] })
    else group.lines.push(item)
  }
  return [...groups.values()]
}

/** Reads what is held for the chunk's facts. */
export const loadHeldFor = (
  trx: Transaction<Database>,
  groups: readonly FactLines[],
): Promise<ReadonlyMap<string, HeldVersion>> => loadHeldVersions(trx, groups)

/** Resolves each fact's lines against what is held (pure). */
export const resolveChunk = (
  groups: readonly FactLines[],
  held: ReadonlyMap<string, HeldVersion>,
): readonly ResolvedFact[] =>
  groups.map(({ key, source, sourceId, lines }) => {
    const version = held.get(key)
    return { key, source, sourceId, held: version, resolution: resolveArrivals(version?.version, lines) }
  })

const versionsToInsert = ({ resolution }: ResolvedFact): readonly VersionToInsert[] =>
  resolution.toStore.map(({ arrival }) => {
    const [subjectType, subjectValue] = subjectEntry(arrival.fact.subject)
    return { fact: arrival.fact, current: arrival === resolution.newCurrent, subjectType, subjectValue }
  })

/** Every line's outcome; an old version already in history was a re-send after all. */
const outcomesOf = (
  facts: readonly ResolvedFact[],
  stored: ReadonlyMap<unknown, InsertedVersion>,
): readonly LineOutcome[] =>
  facts.flatMap(({ resolution }) => [
    ...resolution.resent,
    ...resolution.toStore.map(({ arrival, outcome }) =>
      outcome === 'superseded' && !stored.has(arrival.fact) ? 'unchanged' : outcome,
    ),
  ])

/**
 * Children already noted as affected in this batch: each is written to the
 * scratch table once, not once per chunk that touches it (bounded by the
 * number of children, not of facts).
 */
export type NotedChildren = Set<string>

/** Stores the versions of these facts; records each new current version's link in `linkOf`. */
const storeVersions = async (
  trx: Transaction<Database>,
  facts: readonly ResolvedFact[],
  run: IngestRun,
  linkOf: Map<string, string | null>,
): Promise<ReadonlyMap<unknown, InsertedVersion>> => {
  // Facts with nothing stored yet cannot clash with history: the fast path.
  const first = facts.filter((f) => f.held === undefined).flatMap(versionsToInsert)
  for (const link of await insertFirstVersions(trx, first, run)) linkOf.set(factKey(link), link.childId)
  const later = facts.filter((f) => f.held !== undefined).flatMap(versionsToInsert)
  const stored = new Map((await insertVersions(trx, later, run)).map((v) => [later[v.index]?.fact, v]))
  for (const version of later.filter((v) => v.current)) {
    const link = stored.get(version.fact) ?? (await promoteStoredVersion(trx, version))
    if (link === undefined) throw new Error('a new current version was neither stored nor found')
    linkOf.set(factKey(version.fact), link.childId)
  }
  return stored
}

const isChildRecord = (f: ResolvedFact): boolean =>
  f.resolution.newCurrent?.fact.kind === 'child' || f.held?.version.kind === 'child' ||
  f.resolution.toStore.some((s) => s.arrival.fact.kind === 'child')

export interface WrittenChunk {
  readonly outcomes: readonly LineOutcome[]
  /** Facts that waited unmatched before this batch and that the chunk's child records linked. */
  readonly linked: number
}

/**
 * Writes the chunk's child records first and syncs them (refusing the batch
 * on a clash), so that its other facts, and every later chunk's, find their
 * children in place when they are written.
 */
export const writeChunk = async (
  trx: Transaction<Database>,
  facts: readonly ResolvedFact[],
  run: IngestRun,
  noted: NotedChildren,
): Promise<WrittenChunk> => {
  // The current flag moves off replaced versions, then the new versions go in.
  await demoteVersions(
    trx,
    facts.flatMap((f) => (f.resolution.newCurrent !== undefined && f.held !== undefined ? [f.held.id] : [])),
  )
  const linkOf = new Map<string, string | null>()
  const records = facts.filter(isChildRecord)
  const others = facts.filter((f) => !isChildRecord(f))

  const storedRecords = await storeVersions(trx, records, run, linkOf)
  const recordNotes = chunkNotes(records, linkOf)
  let linked = 0
  if (recordNotes.childKeys.length > 0) {
    await noteChildKeys(trx, recordNotes.childKeys)
    const conflicts = await syncChildren(trx)
    if (conflicts.length > 0) throw new BatchRefused(conflicts)
    linked = await relinkTouchedFacts(trx)
  }

  const storedOthers = await storeVersions(trx, others, run, linkOf)
  const notes = chunkNotes(others, linkOf)
  await noteUnmatched(trx, notes.unmatched)
  const fresh = [...recordNotes.affected, ...notes.affected].filter((id) => !noted.has(id))
  for (const id of fresh) noted.add(id)
  await noteAffected(trx, [...new Set(fresh)])
  return { outcomes: outcomesOf(facts, new Map([...storedRecords, ...storedOthers])), linked }
}
