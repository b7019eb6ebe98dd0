/**
 * One chunk of a batch, in two steps so that a phase can overlap them
 * (`ingest-phase.ts`):
 * - `loadHeldFor` + `resolveChunk`: read the versions held for the chunk's
 *   facts, resolve each fact's lines against them, and make ready what
 *   Node can (which facts are child records, the COPY rows of the new
 *   facts but for their links), while the database still writes the chunk
 *   before;
 * - `writeChunk`: move the current flag, store the new versions (child
 *   records first, synced at once from the versions in hand; then the other
 *   facts, each linked to the child its subject names), and note what the
 *   end of the batch needs.
 */
import * as E from 'fp-ts/Either'
import type { Transaction } from 'kysely'
import type { NumberedFact } from '../../engine/batch/decode-batch'
import { factKey, subjectEntry } from '../../engine/facts/fact'
import type { Database } from '../database/database'
import { noteAffected, noteUnmatched } from './batch-scratch'
import { BatchRefused } from './batch-refused'
import { chunkNotes, type ChildKey, type ResolvedFact } from './chunk-notes'
import type { LineOutcome } from './ingest-counts'
import { loadHeldVersions, type HeldVersion } from './load-held-versions'
import { relinkTouchedFacts } from './relink-facts'
import { resolveArrivals } from './resolve-arrivals'
import { syncChildren, type ChangedRecord } from './sync-children'
import { copyNewFacts, linkSubjects, linksByFact, newFactRow, type NewFacts } from './copy-new-facts'
import { versionPayload, type IngestRun, type VersionToInsert } from './version-rows'
import { demoteVersions, insertFirstVersions, insertVersions, promoteStoredVersion, type InsertedVersion } from './write-versions'

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

const versionsToInsert = ({ resolution }: ResolvedFact): readonly VersionToInsert[] =>
  resolution.toStore.map(({ arrival }) => {
    const [subjectType, subjectValue] = subjectEntry(arrival.fact.subject)
    return { fact: arrival.fact, current: arrival === resolution.newCurrent, subjectType, subjectValue }
  })

const isChildRecord = (f: ResolvedFact): boolean =>
  f.resolution.newCurrent?.fact.kind === 'child' || f.held?.version.kind === 'child' ||
  f.resolution.toStore.some((s) => s.arrival.fact.kind === 'child')

/** A chunk resolved and ready to write. */
export interface PreparedChunk {
  /** Every fact of the chunk, in the order met. */
  readonly facts: readonly ResolvedFact[]
  /** Facts with a child record among their versions (held or arriving): written and synced first. */
  readonly records: readonly ResolvedFact[]
  /** The other facts with a version held. */
  readonly heldOthers: readonly ResolvedFact[]
  /** The other facts that are new to the database, their versions made ready to copy. */
  readonly newOthers: NewFacts
}

/** Resolves each fact's lines against what is held, and serialises the new facts (pure). */
export const resolveChunk = (groups: readonly FactLines[], held: ReadonlyMap<string, HeldVersion>): PreparedChunk => {
  const facts: ResolvedFact[] = []
  const records: ResolvedFact[] = []
  const heldOthers: ResolvedFact[] = []
  const newOthers: ResolvedFact[] = []
  for (const { key, source, sourceId, lines } of groups) {
    const version = held.get(key)
    const fact = { key, source, sourceId, held: version, resolution: resolveArrivals(version?.version, lines) }
    facts.push(fact)
    if (isChildRecord(fact)) records.push(fact)
    else if (version !== undefined) heldOthers.push(fact)
    else newOthers.push(fact)
  }
  const rows = newOthers.flatMap((f) => versionsToInsert(f).map((v) => newFactRow(f.key, v)))
  return { facts, records, heldOthers, newOthers: { facts: newOthers, rows } }
}

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

/** Where each new current version went, by fact key: its row, and the child it was linked to. */
interface StoredCurrents {
  readonly idOf: Map<string, string>
  readonly linkOf: Map<string, string | null>
}

/** Stores the versions of these facts; records each new current version in `currents`. */
const storeVersions = async (
  trx: Transaction<Database>,
  facts: readonly ResolvedFact[],
  run: IngestRun,
  currents: StoredCurrents,
): Promise<ReadonlyMap<unknown, InsertedVersion>> => {
  const note = (key: string, stored: { readonly id: string; readonly childId: string | null }): void => {
    currents.idOf.set(key, stored.id)
    currents.linkOf.set(key, stored.childId)
  }
  // Facts with nothing stored yet cannot clash with history: the fast path.
  const first = versionPayload(facts.filter((f) => f.held === undefined).flatMap(versionsToInsert))
  for (const stored of await insertFirstVersions(trx, first, run)) note(factKey(stored), stored)
  const later = versionPayload(facts.filter((f) => f.held !== undefined).flatMap(versionsToInsert))
  const stored = new Map((await insertVersions(trx, later, run)).map((v) => [later.versions[v.index]?.fact, v]))
  for (const version of later.versions.filter((v) => v.current)) {
    const current = stored.get(version.fact) ?? (await promoteStoredVersion(trx, version))
    if (current === undefined) throw new Error('a new current version was neither stored nor found')
    note(factKey(version.fact), current)
  }
  return stored
}

/** What a sync needs about each changed record: whether one was held, and its new current version if it counts. */
const changedRecords = (
  keys: readonly ChildKey[],
  records: readonly ResolvedFact[],
  idOf: ReadonlyMap<string, string>,
): readonly ChangedRecord[] => {
  const byKey = new Map(records.map((f) => [f.key, f]))
  return keys.map((k) => {
    const key = factKey(k)
    const fact = byKey.get(key)
    const current = fact?.resolution.newCurrent?.fact
    const versionId = idOf.get(key)
    const counts = current !== undefined && current.kind === 'child' && current.withdrawn !== true
    if (counts && versionId === undefined) throw new Error('a changed child record has no stored current version')
    return {
      ...k,
      wasHeld: fact?.held !== undefined,
      incoming: counts && versionId !== undefined ? { versionId, child: current } : undefined,
    }
  })
}

export interface WrittenChunk {
  readonly outcomes: readonly LineOutcome[]
  /** Facts that waited unmatched before this batch and that the chunk's child records linked. */
  readonly linked: number
}

/** Lets a query that was just started go out to the database before Node turns to other work. */
const afterSending = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

/**
 * Writes the chunk's child records first and syncs them (refusing the batch
 * on a clash), so that its other facts, and every later chunk's, find their
 * children in place when they are written. `whileStoring` runs once, while
 * the database stores the chunk's new facts (its longest statement).
 */
export const writeChunk = async (
  trx: Transaction<Database>,
  chunk: PreparedChunk,
  run: IngestRun,
  noted: NotedChildren,
  whileStoring: () => Promise<void> = () => Promise.resolve(),
): Promise<WrittenChunk> => {
  // The current flag moves off replaced versions, then the new versions go in.
  await demoteVersions(
    trx,
    chunk.facts.flatMap((f) => (f.resolution.newCurrent !== undefined && f.held !== undefined ? [f.held.id] : [])),
  )
  const currents: StoredCurrents = { idOf: new Map(), linkOf: new Map() }

  const storedRecords = await storeVersions(trx, chunk.records, run, currents)
  const recordNotes = chunkNotes(chunk.records, currents.linkOf)
  const synced = await syncChildren(trx, changedRecords(recordNotes.childKeys, chunk.records, currents.idOf))
  if (E.isLeft(synced)) throw new BatchRefused(synced.left)
  const linked = await relinkTouchedFacts(trx, synced.right)

  // New facts are linked to the children now in place (the chunk's own records among them), then copied.
  const newLinks = linksByFact(chunk.newOthers.rows, await linkSubjects(trx, chunk.newOthers.rows, synced.right))
  const storing = copyNewFacts(trx, chunk.newOthers.rows, newLinks, run)
  await Promise.all([storing, afterSending().then(whileStoring)])
  for (const [key, link] of newLinks) currents.linkOf.set(key, link)
  const storedOthers = await storeVersions(trx, chunk.heldOthers, run, currents)
  const notes = chunkNotes([...chunk.heldOthers, ...chunk.newOthers.facts], currents.linkOf)
  await noteUnmatched(trx, notes.unmatched)
  const fresh = [...recordNotes.affected, ...notes.affected].filter((id) => !noted.has(id))
  for (const id of fresh) noted.add(id)
  await noteAffected(trx, [...new Set(fresh)])
  return { outcomes: outcomesOf(chunk.facts, new Map([...storedRecords, ...storedOthers])), linked }
}
