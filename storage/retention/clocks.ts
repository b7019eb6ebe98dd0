/**
 * Where the retention clock of each fact kind starts: the field of the
 * current version that keeps the fact relevant. Periods (care, education
 * status, missing episodes) count from their end, so an open one is never
 * past retention; other kinds from the event date the rules window them by
 * (SPEC §3 "Time").
 */
import type { EventKind } from '../../config/retention'

export interface Clock {
  readonly field: string
  readonly type: 'date' | 'instant'
  /** For `--help` and the README. */
  readonly from: string
}

export const CLOCK: Readonly<Record<EventKind, Clock>> = {
  care_period: { field: 'end', type: 'date', from: 'the end of the care period (kept while open)' },
  missing_episode: { field: 'end', type: 'instant', from: 'the end of the episode (kept while open)' },
  attendance: { field: 'periodEnd', type: 'date', from: 'periodEnd' },
  exclusion: { field: 'start', type: 'date', from: 'start' },
  education_status: { field: 'end', type: 'date', from: 'the end of the status (kept while open)' },
  ace_indicator: { field: 'identifiedOn', type: 'date', from: 'identifiedOn' },
  assessment_factor: { field: 'identifiedOn', type: 'date', from: 'identifiedOn' },
  domestic_abuse_contact: { field: 'occurredOn', type: 'date', from: 'occurredOn' },
  drug_intelligence: { field: 'reportedOn', type: 'date', from: 'reportedOn' },
  youth_justice_outcome: { field: 'occurredOn', type: 'date', from: 'occurredOn' },
}
