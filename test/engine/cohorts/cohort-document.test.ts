import t from 'tap'
import fc from 'fast-check'
import * as E from 'fp-ts/Either'
import * as document from '../../../engine/cohorts/cohort-document'
import type { ListSeal } from '../../../engine/cohorts/list-seal'
import { encodeCursor } from '../../../engine/cohorts/cohort-cursor'
import { plainSeal } from '../../../engine/cohorts/list-seal'

/** The engine's paging as the command line seals it, unless a test gives its own seal. */
const pageOf = (cohort: string, rows: readonly CohortRow[], page: document.PageRequest = {}, seal: ListSeal = plainSeal) =>
  document.pageOf(cohort, rows, page, seal)
const toCohortDocument = (cohort: string, asOf: string, rows: readonly CohortRow[], page: document.PageRequest = {}) =>
  document.toCohortDocument(cohort, asOf, rows, page, plainSeal)
import type { CohortRow } from '../../../engine/cohorts/cohort-row'

const rowsOf = (n: number): CohortRow[] =>
  Array.from({ length: n }, (_, i) => ({
    childId: `C${String(i).padStart(3, '0')}`,
    age: 12,
    sex: 'M',
    locality: 'South',
    score: 0,
    tier: 'none',
    flags: [],
    columns: { alert: i % 2 === 0, attendanceRate: null },
  }))

/** The cursor a page of `rows` ending at `offset` gives out. */
const cursorAt = (cohort: string, rows: readonly CohortRow[], offset: number): string =>
  encodeCursor(cohort, { offset, seal: plainSeal(rows.slice(0, offset).map((r) => r.childId)) })

const allPages = (rows: readonly CohortRow[], limit: number): { pages: CohortRow[][]; ok: boolean } => {
  const pages: CohortRow[][] = []
  let cursor: string | undefined
  for (;;) {
    const page = pageOf('lac-attendance', rows, cursor === undefined ? { limit } : { limit, cursor })
    if (E.isLeft(page)) return { pages, ok: false }
    pages.push([...page.right.rows])
    if (page.right.nextCursor === null) return { pages, ok: true }
    cursor = page.right.nextCursor
  }
}

t.test('pages concatenate to the whole list, none larger than the limit', async (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 12 }), (n, limit) => {
      const rows = rowsOf(n)
      const { pages, ok } = allPages(rows, limit)
      return (
        ok &&
        pages.every((p) => p.length <= limit) &&
        pages.slice(0, -1).every((p) => p.length === limit) &&
        JSON.stringify(pages.flat()) === JSON.stringify(rows)
      )
    }),
  )
})

t.test('the document has SPEC shape; nextCursor is null on the last page', async (t) => {
  const rows = [{ ...rowsOf(1)[0]!, givenName: 'Testa' }, ...rowsOf(3).slice(1)]
  const first = toCohortDocument('lac-attendance', '2026-06-30', rows, { limit: 2 })
  if (E.isLeft(first)) return t.fail('unexpected problem')
  t.same(Object.keys(first.right), ['cohort', 'asOf', 'rows', 'nextCursor'])
  t.same(first.right.rows[0], {
    childId: 'C000',
    age: 12,
    sex: 'M',
    locality: 'South',
    score: 0,
    tier: 'none',
    flags: [],
    alert: true,
    attendanceRate: null,
    givenName: 'Testa',
  })
  t.type(first.right.nextCursor, 'string')
  const second = toCohortDocument('lac-attendance', '2026-06-30', rows, { limit: 2, cursor: first.right.nextCursor ?? '' })
  if (E.isLeft(second)) return t.fail('unexpected problem')
  t.same(second.right.rows.map((r) => r.childId), ['C002'])
  t.equal(second.right.nextCursor, null)
  const whole = toCohortDocument('lac-attendance', '2026-06-30', rows)
  t.equal(E.isRight(whole) && whole.right.rows.length, 3, 'no limit: every row')
})

t.test('a bad cursor is a problem value, not a throw', async (t) => {
  const rows = rowsOf(5)
  for (const cursor of [
    'not a cursor!',
    'e30', // {}
    cursorAt('missing-pilot', rows, 2), // another cohort's
    cursorAt('lac-attendance', rows, 0),
    encodeCursor('lac-attendance', { offset: 1.5, seal: 'x' }),
    cursorAt('lac-attendance', rows, 2) + 'A',
    encodeCursor('lac-attendance', { offset: 2, seal: '' }),
    encodeCursor('lac-attendance', { offset: 2, seal: 'x'.repeat(65) }),
    '',
  ]) {
    const page = pageOf('lac-attendance', rows, { cursor, limit: 2 })
    t.same(page, E.left({ _tag: 'BadCursor', cohort: 'lac-attendance', cursor }), JSON.stringify(cursor))
  }
})

t.test('a cursor past the end of a list that shrank: the list changed', async (t) => {
  const page = pageOf('lac-attendance', rowsOf(2), { cursor: cursorAt('lac-attendance', rowsOf(4), 4) })
  t.same(page, E.left({ _tag: 'ListChanged', cohort: 'lac-attendance' }))
})

t.test('a cursor is honoured only while the rows before it are the same children in the same order', async (t) => {
  const rows = rowsOf(6)
  const first = pageOf('lac-attendance', rows, { limit: 3 })
  const cursor = E.isRight(first) ? first.right.nextCursor ?? '' : ''
  t.same(pageOf('lac-attendance', rows, { cursor, limit: 3 }), E.right({ rows: rows.slice(3), nextCursor: null }), 'the same list: the next page')
  const changed = E.left({ _tag: 'ListChanged', cohort: 'lac-attendance' })
  const [a, b, c, ...rest] = rows as [CohortRow, CohortRow, CohortRow, ...CohortRow[]]
  t.same(pageOf('lac-attendance', [b, a, c, ...rest], { cursor }), changed, 'two rows before it swapped')
  t.same(pageOf('lac-attendance', [a, c, ...rest], { cursor }), changed, 'a child before it left: by position one would be skipped')
  t.same(pageOf('lac-attendance', [a, ...rest.slice(0, 1), b, c, ...rest.slice(1)], { cursor }), changed, 'a child entered before it')
  t.same(
    pageOf('lac-attendance', [a, b, c, ...rest.slice(1)], { cursor, limit: 3 }),
    E.right({ rows: rest.slice(1), nextCursor: null }),
    'a change after it is simply the next page',
  )
})

t.test('a cursor is sealed as the caller seals it', async (t) => {
  const rows = rowsOf(4)
  const seal = (ids: readonly string[]): string => `k:${ids.length}`
  const first = pageOf('lac-attendance', rows, { limit: 2 }, seal)
  const cursor = E.isRight(first) ? first.right.nextCursor ?? '' : ''
  t.ok(E.isRight(pageOf('lac-attendance', rows, { cursor }, seal)))
  t.same(pageOf('lac-attendance', rows, { cursor }), E.left({ _tag: 'ListChanged', cohort: 'lac-attendance' }), 'not under another seal')
})

t.test('the plain seal tells lists apart however their ids split', async (t) => {
  t.not(plainSeal(['ab', 'c']), plainSeal(['a', 'bc']))
  t.not(plainSeal(['C001', 'C002']), plainSeal(['C002', 'C001']))
  t.not(plainSeal([]), plainSeal(['']))
  t.equal(plainSeal(['C001']), plainSeal(['C001']))
})

t.test('a limit must be a whole number of at least 1', async (t) => {
  for (const limit of [0, -1, 1.5, Number.NaN]) {
    const page = pageOf('lac-attendance', rowsOf(2), { limit })
    t.equal(E.isLeft(page) && page.left._tag, 'InvalidCohortParams', String(limit))
  }
})

t.test('cursors of non-ASCII cohort names round-trip', async (t) => {
  const page = pageOf('café', rowsOf(3), { limit: 1, cursor: cursorAt('café', rowsOf(3), 1) })
  t.same(E.isRight(page) && page.right.rows.map((r) => r.childId), ['C001'])
})
