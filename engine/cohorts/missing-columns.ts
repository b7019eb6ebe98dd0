/**
 * Columns for the missing pilot (DOMAIN.md §5, §12): is an episode open, when
 * did the latest one start, how many in the 90 days, is a return interview
 * overdue. Episodes are read on the profile date (the evaluation's as-of date).
 */
import type { FactOf, IsoDate } from '../facts/fact'
import { dayNumber } from '../time/calendar'
import { endOfLondonDay, londonDateOf, parseInstant } from '../time/london'
import type { ChildFacts } from '../linking/child-facts'
import { isAfterInstant } from '../evaluate/instants'

type Episode = FactOf<'missing_episode'>

const EPISODE_WINDOW_DAYS = 90

export const missingEpisodes = (child: ChildFacts): readonly Episode[] =>
  child.facts.filter((f): f is Episode => f.kind === 'missing_episode')

const instant = (s: string): number => parseInstant(s) ?? Number.NaN

/** SPEC §3: started by the end of D and has no end or ended after the end of D. */
export const isEpisodeOpenOn = (e: Episode, d: IsoDate): boolean => {
  const endOfD = endOfLondonDay(d)
  return instant(e.start) < endOfD && (e.end === null || isAfterInstant(e.end, endOfD))
}

export const openEpisode = (child: ChildFacts, d: IsoDate): boolean =>
  missingEpisodes(child).some((e) => isEpisodeOpenOn(e, d))

/** The start (as sent, an RFC 3339 date-time) of the latest episode started by the end of D, or null. */
export const lastMissingStart = (child: ChildFacts, d: IsoDate): string | null => {
  const endOfD = endOfLondonDay(d)
  let latest: { readonly at: number; readonly start: string } | null = null
  for (const e of missingEpisodes(child)) {
    const at = instant(e.start)
    // Equal instants written differently: the greater string wins, so the answer never depends on fact order.
    if (at < endOfD && (latest === null || at > latest.at || (at === latest.at && e.start > latest.start))) {
      latest = { at, start: e.start }
    }
  }
  return latest === null ? null : latest.start
}

/** Episodes whose start date (Europe/London) is in the 90 days to D. */
export const episodesIn90Days = (child: ChildFacts, d: IsoDate): number => {
  const day = dayNumber(d)
  return missingEpisodes(child).filter((e) => {
    const started = dayNumber(londonDateOf(e.start))
    return started > day - EPISODE_WINDOW_DAYS && started <= day
  }).length
}

/** Sort key of a date-time cell: its instant, so offsets compare correctly. */
export const instantSortKey = (cell: unknown): number | null =>
  typeof cell === 'string' ? (parseInstant(cell) ?? null) : null
