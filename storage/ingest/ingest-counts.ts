/**
 * What a batch did. Every line is counted once as inserted, corrected,
 * unchanged, withdrawn or superseded; `unmatched` and `linked` count facts.
 */
export interface IngestCounts {
  /** Lines that started a new fact. */
  readonly inserted: number
  /** Lines that replaced the current version with different content. */
  readonly corrected: number
  /** Lines that changed nothing: a re-send, or new `recordedAt` with the same content. */
  readonly unchanged: number
  /** Withdrawal lines that became current. */
  readonly withdrawn: number
  /** Lines older than the version already current: kept in history, no effect. */
  readonly superseded: number
  /** Facts of this batch that no child identifies after it. */
  readonly unmatched: number
  /** Facts that waited unmatched before this batch and are now linked to a child. */
  readonly linked: number
}

export type LineOutcome = 'inserted' | 'corrected' | 'unchanged' | 'withdrawn' | 'superseded'

export const NO_COUNTS: IngestCounts = {
  inserted: 0,
  corrected: 0,
  unchanged: 0,
  withdrawn: 0,
  superseded: 0,
  unmatched: 0,
  linked: 0,
}

export const countOutcomes = (counts: IngestCounts, outcomes: Iterable<LineOutcome>): IngestCounts => {
  const next = { ...counts }
  for (const outcome of outcomes) next[outcome] += 1
  return next
}
