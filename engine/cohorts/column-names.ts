/**
 * The names of the cohort columns the engine can compute (the catalogue in
 * `columns.ts` implements each one). Kept apart from the implementations so the
 * rule-set codec can check a definition's column names without importing the
 * evaluator.
 */
export const COHORT_COLUMN_NAMES = [
  'openEpisode',
  'lastMissingStart',
  'episodesIn90Days',
  'rhiOverdue',
  'attendanceRate',
  'previousAttendanceRate',
  'alert',
  'suspensionsThisYear',
  'fteDate',
  'fteOutcome',
  'ageAtEntry',
] as const

export type CohortColumnName = (typeof COHORT_COLUMN_NAMES)[number]

export const isCohortColumnName = (s: unknown): s is CohortColumnName =>
  typeof s === 'string' && (COHORT_COLUMN_NAMES as readonly string[]).includes(s)
