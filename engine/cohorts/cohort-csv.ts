/**
 * Cohorts as CSV for the analysts' spreadsheets (RFC 4180: CRLF line ends,
 * fields with a comma, quote, CR or LF quoted, quotes doubled).
 *
 * CSV injection (RELIABILITY.md A9): a cell whose text starts with `=`, `+`,
 * `-`, `@`, tab or CR is one a spreadsheet may run as a formula, so it is
 * prefixed with a single quote and quoted. This applies to every cell,
 * whatever its origin (free text from facts, localities, names).
 *
 * Columns: `childId, age, sex, locality, score, tier, flags`, the cohort's
 * columns in the given order, then, with `changedSince` (SPEC §4: "each with
 * what changed"), `change, raised, cleared`, then `givenName, familyName`
 * when `names` is set (by default: when any row carries a name). Flags are
 * `;`-joined; `null` is an empty cell; booleans are `true`/`false`. A child
 * who left has no row in the cohort now: with `withLeft` each gets a line of
 * its own after the rows (its id, `left` and the flags it had), which a
 * paged list puts on its last page.
 */
import type { CohortChange } from './changed-since'
import type { Cell, CohortRow } from './cohort-row'

const FORMULA_START = /^[=+\-@\t\r]/
const NEEDS_QUOTES = /[",\r\n]/

export const csvField = (text: string): string => {
  const neutralised = FORMULA_START.test(text)
  const value = neutralised ? `'${text}` : text
  return neutralised || NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}

const cellText = (cell: Cell | undefined): string =>
  cell === null || cell === undefined ? '' : typeof cell === 'string' ? cell : String(cell)

const FIXED = ['childId', 'age', 'sex', 'locality', 'score', 'tier', 'flags'] as const

/** `changedSince`'s changes, identified as the rows are (a pseudonym where the rows carry one). */
export interface CsvChanges {
  readonly list: readonly CohortChange[]
  /** Whether the lines of the children who left go in (the last page of a paged list). */
  readonly withLeft: boolean
}

const CHANGE_COLUMNS = ['change', 'raised', 'cleared'] as const

const changeCells = (change: CohortChange | undefined): readonly string[] =>
  change === undefined ? ['', '', ''] : [change.change, change.raised.join(';'), change.cleared.join(';')]

export const cohortCsv = (
  rows: readonly CohortRow[],
  columns: readonly string[],
  options: { readonly names?: boolean; readonly changes?: CsvChanges } = {},
): string => {
  const names = options.names ?? rows.some((r) => r.givenName !== undefined || r.familyName !== undefined)
  const { changes } = options
  const changeOf = new Map((changes?.list ?? []).map((c) => [c.childId, c]))
  const header = [...FIXED, ...columns, ...(changes === undefined ? [] : CHANGE_COLUMNS), ...(names ? ['givenName', 'familyName'] : [])]
  const line = (row: CohortRow): readonly string[] => [
    row.childId,
    String(row.age),
    row.sex,
    row.locality,
    String(row.score),
    row.tier,
    row.flags.join(';'),
    ...columns.map((c) => cellText(row.columns[c])),
    ...(changes === undefined ? [] : changeCells(changeOf.get(row.childId))),
    ...(names ? [row.givenName ?? '', row.familyName ?? ''] : []),
  ]
  const leftLine = (change: CohortChange): readonly string[] => [
    change.childId,
    ...FIXED.slice(1).map(() => ''),
    ...columns.map(() => ''),
    ...changeCells(change),
    ...(names ? ['', ''] : []),
  ]
  const left = changes?.withLeft === true ? changes.list.filter((c) => c.change === 'left').map(leftLine) : []
  return [header, ...rows.map(line), ...left].map((fields) => fields.map(csvField).join(',') + '\r\n').join('')
}
