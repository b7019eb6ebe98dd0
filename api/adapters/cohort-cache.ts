/**
 * Cohort rows, computed once per (cohort, asOf, range) and data version, and
 * kept (issue 5: evaluating every child's facts on every page request is
 * fine for 2,000 children and hopeless for 100,000). Answers do not change:
 *
 * - An entry is used only while the data version (the newest committed
 *   ingest run, ./child-source) is the one it was computed at, so a batch
 *   committed by anyone makes it stale.
 * - A stale entry is brought up to date by recomputing only the children the
 *   newer runs changed, when every one of those runs went through this
 *   process (./ingest-journal); otherwise it is computed again over every
 *   child. A cohort row depends on its own child's record and facts only, so
 *   either gives the rows a full computation would.
 * - A full computation is one pass over every child, a page at a time
 *   (bounded memory); cohorts asked for while a pass runs share the next one.
 *   At most `maxQueued` distinct cohorts wait; more are answered `Busy`, so a
 *   flood of distinct dates cannot queue unbounded work.
 * - Locality is a filter over the rows (the engine skips other localities
 *   before evaluating anyone), so it is applied by the caller, not cached.
 *
 * Rows are computed with the columns the order reads, shown or not, so that
 * pages and patches merge by the same order as one computation; columns the
 * cohort does not show are dropped on the way out.
 */
import * as E from 'fp-ts/Either'
import { setImmediate as nextTurn } from 'node:timers/promises'
import { cohortRows } from '../../engine/cohorts/cohort-rows'
import type { CohortRow } from '../../engine/cohorts/cohort-row'
import { compareRows } from '../../engine/cohorts/row-order'
import type { CohortColumnName } from '../../engine/cohorts/column-names'
import type { CompiledRuleSet } from '../../engine/evaluate/compile-rule-set'
import type { IsoDate } from '../../engine/facts/fact'
import type { ChildFacts } from '../../engine/linking/child-facts'
import type { CohortDefinition } from '../../engine/rule-set/cohort-definition'
import { isFirstTimeEntrantMembers } from '../../engine/rule-set/cohort-definition'
import type { ChildSource } from './child-source'
import type { IngestJournal } from './ingest-journal'

/** What a cohort's rows depend on besides the data (already checked by the caller). */
export interface CohortAt {
  readonly asOf: IsoDate
  readonly from?: IsoDate
  readonly to?: IsoDate
}

export type CachedRows = { readonly _tag: 'Rows'; readonly rows: readonly CohortRow[] } | { readonly _tag: 'Busy' }

export interface CohortCache {
  readonly rows: (definition: CohortDefinition, at: CohortAt) => Promise<CachedRows>
  /** Brings these cohorts up to date (one pass for those not cached) unless they are current; resolves when done. */
  readonly warm: (cohorts: readonly { readonly definition: CohortDefinition; readonly at: CohortAt }[]) => Promise<void>
}

export interface CohortCacheOptions {
  /** Entries kept, least recently used dropped first. */
  readonly maxEntries?: number
  /** Distinct cohorts that may wait for a pass. */
  readonly maxQueued?: number
  /** Children evaluated between turns of the event loop, so lookups are not held up by a pass. */
  readonly slice?: number
}

interface Entry {
  readonly version: bigint
  readonly rows: readonly CohortRow[]
}

interface Job {
  readonly key: string
  readonly definition: CohortDefinition
  readonly at: CohortAt
  readonly resolve: () => void
  readonly reject: (error: unknown) => void
}

/** The range matters only to cohorts that read it (first-time entrants). */
const keyOf = (definition: CohortDefinition, at: CohortAt): string =>
  isFirstTimeEntrantMembers(definition.members)
    ? `${definition.name}|${at.asOf}|${at.from ?? ''}|${at.to ?? ''}`
    : `${definition.name}|${at.asOf}`

/** Columns the order reads that the cohort does not show. */
const hiddenSortColumns = (definition: CohortDefinition): readonly CohortColumnName[] =>
  definition.order.flatMap((o) => (o.by === 'score' || o.by === 'childId' || definition.columns.includes(o.by) ? [] : [o.by]))

const withSortColumns = (definition: CohortDefinition): CohortDefinition => {
  const hidden = hiddenSortColumns(definition)
  return hidden.length === 0 ? definition : { ...definition, columns: [...definition.columns, ...hidden] }
}

const shownOnly = (definition: CohortDefinition, rows: readonly CohortRow[]): readonly CohortRow[] => {
  if (hiddenSortColumns(definition).length === 0) return rows
  return rows.map((row) => ({ ...row, columns: Object.fromEntries(definition.columns.map((c) => [c, row.columns[c] ?? null])) }))
}

export const cohortCache = (
  compiled: CompiledRuleSet,
  source: ChildSource,
  journal: IngestJournal,
  options: CohortCacheOptions = {},
): CohortCache => {
  const maxEntries = options.maxEntries ?? 32
  const maxQueued = options.maxQueued ?? 8
  const slice = options.slice ?? 200
  const entries = new Map<string, Entry>()
  /** Keys being computed or patched, and when they will be done. */
  const inflight = new Map<string, Promise<void>>()
  const queue = new Map<string, Job>()
  let passRunning = false

  const keep = (key: string, entry: Entry): void => {
    entries.delete(key)
    entries.set(key, entry)
    while (entries.size > maxEntries) {
      const oldest = entries.keys().next()
      if (oldest.done === true) break
      entries.delete(oldest.value)
    }
  }

  /** Rows of some children, with sort columns, in no particular order; yields the event loop every `slice` children. */
  const rowsOf = async (definition: CohortDefinition, children: readonly ChildFacts[], at: CohortAt): Promise<CohortRow[]> => {
    const rows: CohortRow[] = []
    const full = withSortColumns(definition)
    for (let i = 0; i < children.length; i += slice) {
      const computed = cohortRows(compiled, full, children.slice(i, i + slice), at)
      // The caller checked the parameters; a problem here is a programming error.
      if (E.isLeft(computed)) throw new Error(`cohort ${definition.name}: parameters were not checked`)
      for (const row of computed.right) rows.push(row)
      if (i + slice < children.length) await nextTurn()
    }
    return rows
  }

  const pass = async (jobs: readonly Job[]): Promise<void> => {
    try {
      const version = BigInt(await source.dataVersion())
      const found = jobs.map((): CohortRow[] => [])
      for await (const page of source.childPages()) {
        for (const [i, job] of jobs.entries()) {
          for (const row of await rowsOf(job.definition, page, job.at)) found[i]?.push(row)
        }
        await nextTurn()
      }
      for (const [i, job] of jobs.entries()) {
        keep(job.key, { version, rows: (found[i] ?? []).sort(compareRows(job.definition.order)) })
        job.resolve()
      }
    } catch (error) {
      for (const job of jobs) job.reject(error)
    }
  }

  const pump = (): void => {
    if (passRunning || queue.size === 0) return
    passRunning = true
    const jobs = [...queue.values()]
    queue.clear()
    void pass(jobs).finally(() => {
      passRunning = false
      pump()
    })
  }

  /** Queues a full computation; undefined when too many are waiting. */
  const enqueue = (key: string, definition: CohortDefinition, at: CohortAt): Promise<void> | undefined => {
    if (queue.size >= maxQueued) return undefined
    const done = new Promise<void>((resolve, reject) => queue.set(key, { key, definition, at, resolve, reject }))
    // Cohorts asked for in the same turn share the pass.
    setImmediate(pump)
    return done
  }

  /** Brings an entry up to date from the runs after it, when this process knows what they changed. */
  const patch = async (key: string, definition: CohortDefinition, at: CohortAt, entry: Entry): Promise<boolean> => {
    const runs = await source.runsAfter(entry.version.toString())
    const changed = runs.length === 0 ? undefined : journal.childrenOf(runs)
    if (changed === undefined) return false
    const fresh = await rowsOf(definition, await source.childrenFacts([...changed]), at)
    const kept = entry.rows.filter((row) => !changed.has(row.childId))
    const version = runs.reduce((max, id) => (BigInt(id) > max ? BigInt(id) : max), entry.version)
    keep(key, { version, rows: [...kept, ...fresh].sort(compareRows(definition.order)) })
    return true
  }

  /** Starts bringing `key` up to date (a patch, else a full pass); undefined when the queue is full. */
  const refresh = (key: string, definition: CohortDefinition, at: CohortAt): Promise<void> | undefined => {
    const running = inflight.get(key)
    if (running !== undefined) return running
    const entry = entries.get(key)
    const work =
      entry === undefined
        ? enqueue(key, definition, at)
        : patch(key, definition, at, entry).then((patched) => (patched ? undefined : (enqueue(key, definition, at) ?? busy())))
    if (work === undefined) return undefined
    const tracked = work.finally(() => inflight.delete(key))
    inflight.set(key, tracked)
    return tracked
  }

  return {
    rows: async (definition, at) => {
      const key = keyOf(definition, at)
      const version = BigInt(await source.dataVersion())
      for (;;) {
        const entry = entries.get(key)
        if (entry !== undefined && entry.version >= version) {
          keep(key, entry)
          return { _tag: 'Rows', rows: shownOnly(definition, entry.rows) }
        }
        const refreshing = refresh(key, definition, at)
        if (refreshing === undefined) return { _tag: 'Busy' }
        try {
          await refreshing
        } catch (error) {
          if (error instanceof QueueFull) return { _tag: 'Busy' }
          throw error
        }
      }
    },
    warm: async (cohorts) => {
      const version = BigInt(await source.dataVersion())
      const work = cohorts.flatMap(({ definition, at }) => {
        const key = keyOf(definition, at)
        const entry = entries.get(key)
        return entry !== undefined && entry.version >= version ? [] : [refresh(key, definition, at) ?? Promise.resolve()]
      })
      await Promise.all(work)
    },
  }
}

class QueueFull extends Error {
  constructor() {
    super('too many cohorts are waiting to be computed')
    this.name = 'QueueFull'
  }
}

const busy = (): Promise<never> => Promise.reject(new QueueFull())
