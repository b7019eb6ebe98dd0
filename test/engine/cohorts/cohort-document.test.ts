import t from 'tap'
import fc from 'fast-check'
import * as E from 'fp-ts/Either'
import { pageOf, toCohortDocument } from '../../../engine/cohorts/cohort-document'
import { encodeCursor } from '../../../engine/cohorts/cohort-cursor'
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
    encodeCursor('missing-pilot', 2), // another cohort's
    encodeCursor('lac-attendance', 0),
    encodeCursor('lac-attendance', 1.5),
    encodeCursor('lac-attendance', 2) + 'A',
    '',
  ]) {
    const page = pageOf('lac-attendance', rows, { cursor, limit: 2 })
    t.same(page, E.left({ _tag: 'BadCursor', cohort: 'lac-attendance', cursor }), JSON.stringify(cursor))
  }
})

t.test('a cursor past the end of a list that shrank gives an empty last page', async (t) => {
  const page = pageOf('lac-attendance', rowsOf(2), { cursor: encodeCursor('lac-attendance', 4) })
  t.same(page, E.right({ rows: [], nextCursor: null }))
})

t.test('a limit must be a whole number of at least 1', async (t) => {
  for (const limit of [0, -1, 1.5, Number.NaN]) {
    const page = pageOf('lac-attendance', rowsOf(2), { limit })
    t.equal(E.isLeft(page) && page.left._tag, 'InvalidCohortParams', String(limit))
  }
})

t.test('cursors of non-ASCII cohort names round-trip', async (t) => {
  const page = pageOf('café', rowsOf(3), { limit: 1, cursor: encodeCursor('café', 1) })
  t.same(E.isRight(page) && page.right.rows.map((r) => r.childId), ['C001'])
})
