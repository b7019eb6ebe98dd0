/**
 * Which version of a fact is current (SPEC §2 "Versions, corrections and
 * withdrawals"): the latest `recordedAt` wins; on a tie, the greater canonical
 * JSON wins, so the outcome never depends on arrival order.
 */
import { factKey, type Fact, type FactVersion } from '../facts/fact'
import { parseInstant, subMillisecondNanos } from '../time/london'
import { canonicalJson } from './canonical-json'

const instantOf = (v: FactVersion): number => parseInstant(v.recordedAt) ?? Number.NEGATIVE_INFINITY

/** Positive when `a` supersedes `b`, negative when `b` supersedes `a`, 0 when they are the same version. */
export const compareVersions = (a: FactVersion, b: FactVersion): number => {
  const byTime = instantOf(a) - instantOf(b) || subMillisecondNanos(a.recordedAt) - subMillisecondNanos(b.recordedAt)
  if (byTime !== 0) return byTime
  const ca = canonicalJson(a)
  const cb = canonicalJson(b)
  return ca < cb ? -1 : ca > cb ? 1 : 0
}

/** The version's content without `recordedAt`: equal content means a re-send changes nothing. */
export const contentJson = (v: FactVersion): string => {
  const { recordedAt: _ignored, ...content } = v
  return canonicalJson(content)
}

export type VersionChange = 'inserted' | 'corrected' | 'unchanged' | 'withdrawn' | 'superseded'

/**
 * What a newly arrived version does to the version currently held for its key.
 * `superseded` means it is older than the current one: kept in history, no effect.
 */
export const classifyArrival = (current: FactVersion | undefined, arriving: FactVersion): VersionChange => {
  if (current === undefined) return arriving.withdrawn === true ? 'withdrawn' : 'inserted'
  // Same content, whatever its recordedAt: a re-send changes nothing.
  if (contentJson(arriving) === contentJson(current)) return 'unchanged'
  if (compareVersions(arriving, current) < 0) return 'superseded'
  return arriving.withdrawn === true ? 'withdrawn' : 'corrected'
}

/** The current version of each `(source, sourceId)`, whatever the order of `versions`. */
export const currentVersions = (versions: Iterable<FactVersion>): ReadonlyMap<string, FactVersion> => {
  const current = new Map<string, FactVersion>()
  for (const v of versions) {
    const key = factKey(v)
    const held = current.get(key)
    if (held === undefined || compareVersions(v, held) > 0) current.set(key, v)
  }
  return current
}

/** The facts that count: current versions that are not withdrawals. */
export const currentFacts = (versions: Iterable<FactVersion>): readonly Fact[] =>
  [...currentVersions(versions).values()].filter((v): v is Fact => v.withdrawn !== true)
