/**
 * The column catalogue: every column a cohort definition may name, each a pure
 * function of the child's facts, its evaluation and the cohort's as-of date D.
 *
 * Profile columns (missing, attendance, suspensions) describe the child on the
 * evaluation's own date, the same date as the row's flags: D for most cohorts,
 * the day before entry for first-time entrants (what was known before). The
 * entry columns read the first formal outcome on or before D.
 */
import type { IsoDate } from '../facts/fact'
import type { ChildEvaluation } from '../evaluate/evaluation'
import type { ChildFacts } from '../linking/child-facts'
import type { Cell } from './cohort-row'
import type { CohortColumnName } from './column-names'
import type { FirstEntry } from './first-time-entry'
import { episodesIn90Days, instantSortKey, lastMissingStart, openEpisode } from './missing-columns'
import { attendanceRate, previousAttendanceRate, suspensionsThisYear } from './attendance-columns'

export interface ColumnContext {
  readonly child: ChildFacts
  readonly evaluation: ChildEvaluation
  /** The cohort's as-of date D. */
  readonly asOf: IsoDate
  /** The child's first formal youth justice outcome on or before D (any age), if any. */
  readonly entry: FirstEntry | undefined
}

export type SortKey = string | number | boolean | null

export interface Column {
  readonly compute: (ctx: ColumnContext) => Cell
  /** How the cell orders; the cell itself when absent. `null` always sorts last. */
  readonly sortKey?: (cell: Cell) => SortKey
}

const raised = (ctx: ColumnContext, ...ids: readonly string[]): boolean =>
  ctx.evaluation.flags.some((f) => ids.includes(f.id))

const profileDate = (ctx: ColumnContext): IsoDate => ctx.evaluation.asOf

export const COLUMNS: Readonly<Record<CohortColumnName, Column>> = {
  openEpisode: { compute: (ctx) => openEpisode(ctx.child, profileDate(ctx)) },
  lastMissingStart: {
    compute: (ctx) => lastMissingStart(ctx.child, profileDate(ctx)),
    sortKey: instantSortKey,
  },
  episodesIn90Days: { compute: (ctx) => episodesIn90Days(ctx.child, profileDate(ctx)) },
  rhiOverdue: { compute: (ctx) => raised(ctx, 'RHI_OVERDUE') },
  attendanceRate: { compute: (ctx) => attendanceRate(ctx.child, profileDate(ctx)) },
  previousAttendanceRate: { compute: (ctx) => previousAttendanceRate(ctx.child, profileDate(ctx)) },
  alert: { compute: (ctx) => raised(ctx, 'LAC_ATTENDANCE', 'ATTENDANCE_SEVERE') },
  suspensionsThisYear: { compute: (ctx) => suspensionsThisYear(ctx.child, profileDate(ctx)) },
  fteDate: { compute: (ctx) => ctx.entry?.date ?? null },
  fteOutcome: { compute: (ctx) => ctx.entry?.outcome ?? null },
  ageAtEntry: { compute: (ctx) => ctx.entry?.ageAtEntry ?? null },
}
