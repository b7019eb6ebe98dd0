import t from 'tap'
import fc from 'fast-check'
import { compareRows } from '../../../engine/cohorts/row-order'
import type { Cell, CohortRow } from '../../../engine/cohorts/cohort-row'
import type { CohortOrder } from '../../../engine/rule-set/cohort-definition'

const row = (childId: string, score: number, columns: Record<string, Cell>): CohortRow => ({
  childId,
  age: 14,
  sex: 'F',
  locality: 'West',
  score,
  tier: 'none',
  flags: [],
  columns,
})

const ids = (rows: readonly CohortRow[], order: readonly CohortOrder[]): string[] =>
  [...rows].sort(compareRows(order)).map((r) => r.childId)

t.test('alerts first, then lowest rate, no-data rates after real rates, ties by childId', async (t) => {
  const rows = [
    row('C5', 0, { alert: false, attendanceRate: null }),
    row('C4', 0, { alert: false, attendanceRate: 95 }),
    row('C3', 0, { alert: true, attendanceRate: null }),
    row('C2', 0, { alert: true, attendanceRate: 40 }),
    row('C1', 0, { alert: false, attendanceRate: 95 }),
    row('C0', 0, { alert: true, attendanceRate: 85 }),
  ]
  const order: CohortOrder[] = [
    { by: 'alert', direction: 'desc' },
    { by: 'attendanceRate', direction: 'asc' },
  ]
  t.same(ids(rows, order), ['C2', 'C0', 'C3', 'C1', 'C4', 'C5'])
})

t.test('null sorts last in descending order too', async (t) => {
  const rows = [row('C1', 0, { attendanceRate: null }), row('C2', 0, { attendanceRate: 10 }), row('C3', 0, { attendanceRate: 90 })]
  t.same(ids(rows, [{ by: 'attendanceRate', direction: 'desc' }]), ['C3', 'C2', 'C1'])
})

t.test('date-time columns order by instant; childId is plain code-unit order', async (t) => {
  const rows = [
    row('b', 3, { lastMissingStart: '2026-05-01T00:30:00+01:00' }),
    row('a', 3, { lastMissingStart: '2026-04-30T23:45:00Z' }),
    row('B', 3, { lastMissingStart: '2026-04-30T23:45:00Z' }),
  ]
  t.same(ids(rows, [{ by: 'lastMissingStart', direction: 'desc' }]), ['B', 'a', 'b'], 'upper case before lower case')
  t.same(ids(rows, [{ by: 'score', direction: 'desc' }]), ['B', 'a', 'b'], 'equal scores: childId')
})

t.test('the order is total: sorting any permutation gives the same list', async (t) => {
  const arbRow = fc.record({
    childId: fc.string({ minLength: 1, maxLength: 3 }),
    score: fc.integer({ min: 0, max: 5 }),
    alert: fc.boolean(),
    rate: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }),
  })
  fc.assert(
    fc.property(fc.uniqueArray(arbRow, { selector: (r) => r.childId, maxLength: 12 }), (spec) => {
      const rows = spec.map((s) => row(s.childId, s.score, { alert: s.alert, attendanceRate: s.rate }))
      const order: CohortOrder[] = [
        { by: 'alert', direction: 'desc' },
        { by: 'attendanceRate', direction: 'asc' },
        { by: 'score', direction: 'desc' },
      ]
      return JSON.stringify(ids(rows, order)) === JSON.stringify(ids([...rows].reverse(), order))
    }),
  )
})
