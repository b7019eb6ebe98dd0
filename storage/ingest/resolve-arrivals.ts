/**
 * What the lines of one batch do to one fact `(source, sourceId)`, given the
 * version held now (SPEC §2 "Versions, corrections and withdrawals").
 *
 * Lines are taken in version order, not arrival order, so the counts and the
 * result never depend on how lines were ordered in the batch:
 * - the exact version already held, or a line repeating another line of
 *   the batch, is an identical re-send: stored nothing, counted `unchanged`;
 * - a version older than the held one is kept in history (`superseded`);
 * - a newer one becomes current: `inserted`, `corrected`, `withdrawn`, or
 *   `unchanged` when only `recordedAt` differs. That last one still becomes
 *   current, so the current version is always the latest ever received,
 *   whatever order the versions came in.
 */
import type { NumberedFact } from '../../engine/batch/decode-batch'
import type { FactVersion } from '../../engine/facts/fact'
import { classifyArrival, compareVersions, contentJson } from '../../engine/versions/current-version'
import type { LineOutcome } from './ingest-counts'
import { sameJson } from './same-json'

export interface VersionToStore {
  readonly arrival: NumberedFact
  /** The line's outcome if the version is stored; a `superseded` version already in history is `unchanged`. */
  readonly outcome: LineOutcome
}

export interface KeyResolution {
  readonly toStore: readonly VersionToStore[]
  /** Outcomes of lines that store nothing (exact re-sends). */
  readonly resent: readonly LineOutcome[]
  /** The version that becomes current, when it is not the one held. */
  readonly newCurrent: NumberedFact | undefined
  /** The fact is new, corrected or withdrawn: its links and its child's flags need another look. */
  readonly contentChanged: boolean
  /** The line that speaks for this fact in errors: the new current version's, else the batch's last. */
  readonly line: number
}

export const resolveArrivals = (held: FactVersion | undefined, arrivals: readonly NumberedFact[]): KeyResolution => {
  const ordered = [...arrivals].sort((a, b) => compareVersions(a.fact, b.fact) || a.line - b.line)
  const toStore: VersionToStore[] = []
  const resent: LineOutcome[] = []
  let running = held
  let newCurrent: NumberedFact | undefined
  let previous: FactVersion | undefined
  for (const arrival of ordered) {
    // The same version again (the usual line of a re-sent batch) is found without canonical JSON.
    const order = running === undefined ? 1 : sameJson(arrival.fact, running) ? 0 : compareVersions(arrival.fact, running)
    const repeat = previous !== undefined && (sameJson(arrival.fact, previous) || compareVersions(arrival.fact, previous) === 0)
    previous = arrival.fact
    if (order === 0 || repeat) {
      resent.push('unchanged')
    } else if (order < 0) {
      toStore.push({ arrival, outcome: 'superseded' })
    } else {
      toStore.push({ arrival, outcome: classifyArrival(running, arrival.fact) })
      running = arrival.fact
      newCurrent = arrival
    }
  }
  const contentChanged =
    newCurrent !== undefined && (held === undefined || contentJson(newCurrent.fact) !== contentJson(held))
  const line = newCurrent?.line ?? Math.max(...arrivals.map((a) => a.line))
  return { toStore, resent, newCurrent, contentChanged, line }
}
