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
 * columns in the given order, then `givenName, familyName` when `names` is set
 * (by default: when any row carries a name). Flags are `;`-joined; `null`
 * is an empty cell; booleans are `true`/`false`.
 */
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

export const cohortCsv = (
  rows: readonly CohortRow[],
  columns: readonly string[],
  options: { readonly names?: boolean } = {},
): string => {
  const names = options.names ?? rows.some((r) => r.givenName !== undefined || r.familyName !== undefined)
  const header = [...FIXED, ...columns, ...(names ? ['givenName', 'familyName'] : [])]
  const line = (row: CohortRow): readonly string[] => [
    row.childId,
    String(row.age),
    row.sex,
    row.locality,
    String(row.score),
    row.tier,
    row.flags.join(';'),
    ...columns.map((c) => cellText(row.columns[c])),
    ...(names ? [row.givenName ?? '', row.familyName ?? ''] : []),
  ]
  return [header, ...rows.map(line)].map((fields) => fields.map(csvField).join(',') + '\r\n').join('')
}
