/**
 * What ingest writes in `fact_version.event_date`: the engine's event date
 * of a fact dated by a plain date, so that the column and the rules can
 * never disagree on it; null for a missing episode (the London date of a
 * date-time, left to the engine) and for a withdrawal (no fields).
 */
import { plainEventDate } from '../../engine/evaluate/event-date'
import type { FactVersion, IsoDate } from '../../engine/facts/fact'

export const storedEventDate = (version: FactVersion): IsoDate | null =>
  version.withdrawn === true || version.kind === 'missing_episode' ? null : plainEventDate(version)
