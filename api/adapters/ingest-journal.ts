/**
 * Which children each batch ingested through this process changed, by run
 * id: what lets a cached cohort be brought up to date by recomputing those
 * children's rows only (./cohort-cache). A run another process committed (the
 * CLI) is not in it, and the cache then recomputes the whole cohort. Holds
 * the latest runs only.
 */
export interface IngestJournal {
  readonly record: (runId: string, childIds: readonly string[]) => void
  /** The children the runs changed, or undefined when any run is not in the journal. */
  readonly childrenOf: (runIds: readonly string[]) => ReadonlySet<string> | undefined
}

export const MAX_JOURNAL_RUNS = 1000

export const ingestJournal = (maxRuns: number = MAX_JOURNAL_RUNS): IngestJournal => {
  const runs = new Map<string, readonly string[]>()
  return {
    record: (runId, childIds) => {
      runs.set(runId, [...childIds])
      while (runs.size > maxRuns) {
        const oldest = runs.keys().next()
        if (oldest.done === true) break
        runs.delete(oldest.value)
      }
    },
    childrenOf: (runIds) => {
      const children = new Set<string>()
      for (const id of runIds) {
        const changed = runs.get(id)
        if (changed === undefined) return undefined
        for (const c of changed) children.add(c)
      }
      return children
    },
  }
}
