/**
 * One chunk of a batch, in two steps so that a phase can overlap them
 * (`ingest-phase.ts`):
 * - `loadHeldFor` + `resolveChunk`: read the versions held for the chunk's
 *   facts, resolve each fact's lines against them, and make ready what
 *   Node can (which facts are child records; the versions to insert,
 *   serialised; the sync of the changed records, planned; the COPY rows of
 *   the new facts but for their links), while the database still writes the
 *   chunk before;
 * - `writeChunk`: move the current flag, store the new versions (child
 *   records first, synced at once, a record whose claims clash left waiting
 *   for the end of the batch; then the other facts, each linked to the
 *   child its subject names), and note what the end of the batch needs.
 */
import type { Transaction } from 'kysely'
import type { NumberedFact } from '../../engine/batch/decode-batch'
import { factKey, subjectEntry } from '../../engine/facts/fact'
import type { Database } from '../database/database'
import { noteAffected, noteUnmatched } from './batch-scratch'
import { chunkNotes, type ResolvedFact } from './chunk-notes'
import type { LineOutcome } from './ingest-counts'
import { loadHeldVersions, type HeldVersion } from './load-held-versions'
import { relinkTouchedFacts, type UnlinkedInBatch } from './relink-facts'
import { resolveArrivals } from './resolve-arrivals'
import { planSync, syncChildren, type ChangedRecord, type SyncPlan } from './sync-children'
import type { WaitingRecords } from './waiting-records'
import { copyNewFacts, linkSubjects, linksByFact, newFactRow, type NewFactRow, type NewFacts } from './copy-new-facts'
import { versionPayload, type IngestRun, type VersionPayload, type VersionToInsert } from './version-rows'
import { demoteVersions, insertVersions, promoteStoredVersion, type InsertedVersion } from './write-versions'

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
  /** Their versions, ready to send. */
  readonly recordVersions: StorePlan
  /** The sync of the records that changed, planned. */
  readonly sync: SyncPlan
  /** The other facts with a version held. */
  readonly heldOthers: readonly ResolvedFact[]
  /** Their versions, ready to send. */
  readonly heldOtherVersions: StorePlan
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
  return {
    facts,
    records,
    recordVersions: storePlan(records),
    sync: planSync(changedRecords(records)),
    heldOthers,
    heldOtherVersions: storePlan(heldOthers),
    newOthers: { facts: newOthers, rows },
  }
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
 * What the batch's chunks keep for one another: the children already noted
 * as affected, each written to the scratch table once, not once per chunk
 * that touches it (bounded by the number of children, not of facts); the
 * child records whose claims clashed, waiting for the end of the batch; the
 * stored facts the batch unlinked (./relink-facts).
 */
export interface BatchNotes {
  readonly affected: Set<string>
  readonly waiting: WaitingRecords
  readonly unlinked: UnlinkedInBatch
}

/**
 * The versions of some facts, serialised to send (pure; made while the
 * database writes the chunk before): those of facts with nothing stored yet,
 * which cannot clash with history, as rows to copy (as new facts are); the
 * others' for an insert that skips what history already holds.
 */
interface StorePlan {
  readonly first: readonly NewFactRow[]
  readonly later: VersionPayload
}

const storePlan = (facts: readonly ResolvedFact[]): StorePlan => ({
  first: facts.filter((f) => f.held === undefined).flatMap((f) => versionsToInsert(f).map((v) => newFactRow(f.key, v))),
  later: versionPayload(facts.filter((f) => f.held !== undefined).flatMap(versionsToInsert)),
})

/**
 * Stores the planned versions; records in `linkOf` each new current version
 * stored, by fact key, with the child it was linked to. A first version is linked by the children already in place:
 * a child record's to none, so the database is asked only about a fact
 * whose lines turned a child record into another kind.
 */
const storeVersions = async (
  trx: Transaction<Database>,
  { first, later }: StorePlan,
  run: IngestRun,
  linkOf: Map<string, string | null>,
): Promise<ReadonlyMap<unknown, InsertedVersion>> => {
  const firstLinks = linksByFact(first, await linkSubjects(trx, first, []))
  await copyNewFacts(trx, first, firstLinks, run)
  for (const [key, link] of firstLinks) linkOf.set(key, link)
  const stored = new Map((await insertVersions(trx, later, run)).map((v) => [later.versions[v.index]?.fact, v]))
  for (const version of later.versions.filter((v) => v.current)) {
    const current = stored.get(version.fact) ?? (await promoteStoredVersion(trx, version))
    if (current === undefined) throw new Error('a new current version was neither stored nor found')
    linkOf.set(factKey(version.fact), current.childId)
  }
  return stored
}

/** What a sync needs about each changed record: whether one was held, and its new current version if it counts (pure). */
const changedRecords = (records: readonly ResolvedFact[]): readonly ChangedRecord[] => {
  const byKey = new Map(records.map((f) => [f.key, f]))
  // Which records changed does not depend on links: none are known yet.
  return chunkNotes(records, new Map()).childKeys.map((k) => {
    const fact = byKey.get(factKey(k))
    const current = fact?.resolution.newCurrent?.fact
    const counts = current !== undefined && current.kind === 'child' && current.withdrawn !== true
    return { ...k, wasHeld: fact?.held !== undefined, incoming: counts ? current : undefined }
  })
}

/** Every record that counts now has its current version stored: its row will point at it. */
const checkStored = (records: readonly ChangedRecord[], linkOf: ReadonlyMap<string, string | null>): void => {
  for (const record of records) {
    if (record.incoming !== undefined && !linkOf.has(factKey(record))) throw new Error('a changed child record has no stored current version')
  }
}

export interface WrittenChunk {
  readonly outcomes: readonly LineOutcome[]
  /** Facts that waited unmatched before this batch and that the chunk's child records linked. */
  readonly linked: number
}

/** Lets a query that was just started go out to the database before Node turns to other work. */
const afterSending = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

/**
 * Writes the chunk's child records first and syncs them (a record whose
 * claims clash waits for the end of the batch), so that its other facts,
 * and every later chunk's, find their children in place when they are
 * written. `whileStoring` runs once, while
 * the database stores the chunk's new facts (its longest statement); the
 * chunk is done when both are.
 */
export const writeChunk = async (
  trx: Transaction<Database>,
  chunk: PreparedChunk,
  run: IngestRun,
  batch: BatchNotes,
  whileStoring: () => Promise<void> = () => Promise.resolve(),
): Promise<WrittenChunk> => {
  // The current flag moves off replaced versions, then the new versions go in.
  await demoteVersions(
    trx,
    chunk.facts.flatMap((f) => (f.resolution.newCurrent !== undefined && f.held !== undefined ? [f.held.id] : [])),
  )
  // The link of each new current version stored, by fact key.
  const linkOf = new Map<string, string | null>()

  const storedRecords = await storeVersions(trx, chunk.recordVersions, run, linkOf)
  const recordNotes = chunkNotes(chunk.records, linkOf)
  checkStored(chunk.sync.records, linkOf)
  batch.waiting.forget(chunk.sync.records)
  const synced = await syncChildren(trx, chunk.sync)
  batch.waiting.add(synced)
  const linked = await relinkTouchedFacts(trx, synced.touched, run.id, batch.unlinked)

  // New facts are linked to the children now in place (the chunk's own records among them), then copied.
  const newLinks = linksByFact(chunk.newOthers.rows, await linkSubjects(trx, chunk.newOthers.rows, synced.touched))
  const copying = copyNewFacts(trx, chunk.newOthers.rows, newLinks, run)
  for (const [key, link] of newLinks) linkOf.set(key, link)
  // What follows the copy is sent right behind it rather than after its answer: the database goes from one to the next while this process works ahead.
  const finishing = (async () => {
    const storedOthers = await storeVersions(trx, chunk.heldOtherVersions, run, linkOf)
    const notes = chunkNotes([...chunk.heldOthers, ...chunk.newOthers.facts], linkOf)
    const fresh = [...recordNotes.affected, ...notes.affected].filter((id) => !batch.affected.has(id))
    for (const id of fresh) batch.affected.add(id)
    await Promise.all([noteUnmatched(trx, notes.unmatched), noteAffected(trx, [...new Set(fresh)])])
    return storedOthers
  })()
  const [copied, finished, ahead] = await Promise.allSettled([copying, finishing, afterSending().then(whileStoring)])
  // The first statement's failure is the batch's error; the work ahead is never left running when the chunk fails.
  if (copied.status === 'rejected') throw copied.reason
  if (finished.status === 'rejected') throw finished.reason
  if (ahead.status === 'rejected') throw ahead.reason
  return { outcomes: outcomesOf(chunk.facts, new Map([...storedRecords, ...finished.value])), linked }
}
