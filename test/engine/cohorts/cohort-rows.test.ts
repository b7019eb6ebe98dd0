/**
 * The four shipped cohorts of SPEC §4 on small hand-built children, evaluated
 * with the shipped rule set and the real evaluator.
 */
import t from 'tap'
import * as E from 'fp-ts/Either'
import { cohortRows } from '../../../engine/cohorts/cohort-rows'
import type { CohortParams } from '../../../engine/cohorts/cohort-params'
import type { CohortRow } from '../../../engine/cohorts/cohort-row'
import type { ChildFacts } from '../../../engine/linking/child-facts'
import { cohort, compiled } from './shipped-rules'
import {
  attendance,
  carePeriod,
  childRecord,
  drugIntelligence,
  episode,
  outcome,
  suspension,
  withFacts,
} from './build-children'

const D = '2026-06-30'

const rowsOf = (name: string, children: readonly ChildFacts[], params: Partial<CohortParams> = {}): readonly CohortRow[] => {
  const r = cohortRows(compiled, cohort(name), children, { asOf: D, ...params })
  if (E.isLeft(r)) throw new Error(`unexpected problem: ${JSON.stringify(r.left)}`)
  return r.right
}

const ids = (rows: readonly CohortRow[]): string[] => rows.map((r) => r.childId)

/** Closed episodes starting on the given London dates, each lasting a few hours, return interviews completed. */
const closedEpisodes = (childId: string, dates: readonly string[]) =>
  dates.map((d) =>
    episode(childId, `${d}T10:00:00Z`, `${d}T18:00:00Z`, {
      returnInterview: { offeredAt: `${d}T19:00:00Z`, completedAt: `${d}T20:00:00Z`, declinedAt: null },
    }),
  )

t.test('missing-pilot: under 18 with MISSING_REPEAT or MISSING_ONGOING', async (t) => {
  const children = [
    // Three episodes in 90 days, none in the last 30: MISSING_REPEAT (4).
    withFacts(childRecord('MP-A', { givenName: 'Alpha', familyName: 'Testchild' }), closedEpisodes('MP-A', ['2026-04-10', '2026-04-20', '2026-05-01'])),
    // One open episode: MISSING_ONGOING (5) + MISSING_RECENT (2) = 7, lower than MP-C, but open episodes come first.
    withFacts(childRecord('MP-B'), [episode('MP-B', '2026-06-28T21:00:00Z', null)]),
    // Three episodes, one recent: MISSING_REPEAT + MISSING_RECENT = 6; the last ended 4 days ago without a return interview.
    withFacts(childRecord('MP-C'), [
      ...closedEpisodes('MP-C', ['2026-04-11', '2026-04-21']),
      episode('MP-C', '2026-06-25T10:00:00Z', '2026-06-26T10:00:00Z'),
    ]),
    // Same score as MP-A (4) and a later last start: before MP-A.
    withFacts(childRecord('MP-D'), closedEpisodes('MP-D', ['2026-04-12', '2026-04-22', '2026-05-02'])),
    // 18 on D: not in the pilot, whatever its flags.
    withFacts(childRecord('MP-E', { dateOfBirth: '2008-06-30' }), [episode('MP-E', '2026-06-29T10:00:00Z', null)]),
    // 17 the day before the eighteenth birthday: in.
    withFacts(childRecord('MP-F', { dateOfBirth: '2008-07-01' }), [episode('MP-F', '2026-06-29T10:00:00Z', null)]),
    // One recent episode only: MISSING_RECENT is not enough.
    withFacts(childRecord('MP-G'), closedEpisodes('MP-G', ['2026-06-20'])),
  ]
  const rows = rowsOf('missing-pilot', children)
  // MP-B and MP-F: both open, both 7; MP-F's episode started later.
  t.same(ids(rows), ['MP-F', 'MP-B', 'MP-C', 'MP-D', 'MP-A'], 'open episodes first, then score, then latest start')

  const byId = new Map(rows.map((r) => [r.childId, r]))
  t.same(byId.get('MP-B')?.columns, {
    openEpisode: true,
    lastMissingStart: '2026-06-28T21:00:00Z',
    episodesIn90Days: 1,
    rhiOverdue: false,
  })
  t.same(byId.get('MP-C')?.columns, {
    openEpisode: false,
    lastMissingStart: '2026-06-25T10:00:00Z',
    episodesIn90Days: 3,
    rhiOverdue: true,
  })
  t.match(byId.get('MP-C'), { score: 7, tier: 'medium', flags: ['MISSING_REPEAT', 'MISSING_RECENT', 'RHI_OVERDUE'] })
  t.match(byId.get('MP-A'), { age: 14, sex: 'F', locality: 'North', score: 4, tier: 'low', givenName: 'Alpha', familyName: 'Testchild' })
  t.equal(byId.get('MP-F')?.age, 17)
  t.notOk('givenName' in (byId.get('MP-B') ?? {}), 'no name key when the child record has none')
})

t.test('missing-pilot ties on everything but childId are ordered by childId (code units)', async (t) => {
  const same = (id: string) => withFacts(childRecord(id), [episode(id, '2026-06-29T10:00:00Z', null)])
  t.same(ids(rowsOf('missing-pilot', [same('b'), same('B'), same('a')])), ['B', 'a', 'b'])
})

t.test('lac-attendance: every child looked after on D, alerts first, then lowest rate, no data last', async (t) => {
  const lac = (id: string, facts: Parameters<typeof withFacts>[1], care = carePeriod(id, '2025-01-01', null)) =>
    withFacts(childRecord(id), [care, ...facts])
  const children = [
    // 8 of 20 sessions attended in the 6 weeks: ATTENDANCE_SEVERE, alert.
    lac('LA-1', [attendance('LA-1', '2026-06-15', '2026-06-26', 20, 8), attendance('LA-1', '2026-05-04', '2026-05-15', 20, 19)]),
    // 17 of 20 (85%): persistent absence while looked after, LAC_ATTENDANCE, alert.
    lac('LA-2', [attendance('LA-2', '2026-06-15', '2026-06-26', 20, 17), suspension('LA-2', '2025-10-01'), suspension('LA-2', '2026-03-01')]),
    // 95%: no alert.
    lac('LA-3', [attendance('LA-3', '2026-06-15', '2026-06-26', 20, 19)]),
    // No attendance data: rate null, after every real rate.
    lac('LA-4', []),
    // 99%, no alert, a higher rate than LA-3.
    lac('LA-5', [attendance('LA-5', '2026-06-01', '2026-06-26', 100, 99)]),
    // Left care before D: attendance alerts must not run on care leavers.
    lac('LA-6', [attendance('LA-6', '2026-06-15', '2026-06-26', 20, 2)], carePeriod('LA-6', '2024-01-01', '2026-06-29')),
    // Care ends on D: still looked after on D.
    lac('LA-7', [], carePeriod('LA-7', '2024-01-01', D)),
    // Care starts after D.
    lac('LA-8', [], carePeriod('LA-8', '2026-07-01', null)),
    // Never looked after.
    withFacts(childRecord('LA-9'), [attendance('LA-9', '2026-06-15', '2026-06-26', 20, 2)]),
  ]
  const rows = rowsOf('lac-attendance', children)
  t.same(ids(rows), ['LA-1', 'LA-2', 'LA-3', 'LA-5', 'LA-4', 'LA-7'])
  t.same(rows[0]?.columns, { attendanceRate: 40, previousAttendanceRate: 95, alert: true, suspensionsThisYear: 0 })
  t.same(rows[1]?.columns, { attendanceRate: 85, previousAttendanceRate: null, alert: true, suspensionsThisYear: 2 })
  t.same(rows[2]?.columns, { attendanceRate: 95, previousAttendanceRate: null, alert: false, suspensionsThisYear: 0 })
  t.same(rows[4]?.columns, { attendanceRate: null, previousAttendanceRate: null, alert: false, suspensionsThisYear: 0 })
  t.match(rows[0], { flags: ['ATTENDANCE_SEVERE', 'ATTENDANCE_PERSISTENT'] })
})

t.test('exploitation: EXPLOITATION_CONCERN, highest score first', async (t) => {
  const children = [
    // Recent missing + drug intelligence: concern. 2 + 3 + 5 = 10.
    withFacts(childRecord('EX-1'), [...closedEpisodes('EX-1', ['2026-06-20']), drugIntelligence('EX-1', '2026-05-01')]),
    // Open episode too: 5 + 2 + 3 + 5 = 15.
    withFacts(childRecord('EX-2'), [episode('EX-2', '2026-06-29T10:00:00Z', null), drugIntelligence('EX-2', '2026-05-01')]),
    // Drug intelligence without missing: no concern.
    withFacts(childRecord('EX-3'), [drugIntelligence('EX-3', '2026-05-01')]),
  ]
  const rows = rowsOf('exploitation', children)
  t.same(ids(rows), ['EX-2', 'EX-1'])
  t.match(rows, [{ score: 15, tier: 'high' }, { score: 10, tier: 'high' }])
  t.same(rows[1]?.columns, {}, 'no cohort columns')
})

t.test('first-time-entrants', async (t) => {
  const fte = (params: Partial<CohortParams>, children: readonly ChildFacts[]) =>
    cohortRows(compiled, cohort('first-time-entrants'), children, { asOf: D, ...params })
  const range = { from: '2026-01-01', to: '2026-06-30' }
  // Born 2012-03-04: 10 on 2022-03-04, 18 on 2030-03-04.
  const dob = { dateOfBirth: '2012-03-04' }

  await t.test('a missing range is a problem value naming both parameters', async (t) => {
    t.same(fte({}, []), E.left({
      _tag: 'InvalidCohortParams',
      cohort: 'first-time-entrants',
      issues: [
        { param: 'from', message: 'required by the first-time-entrants cohort' },
        { param: 'to', message: 'required by the first-time-entrants cohort' },
      ],
    }))
    t.match(fte({ from: '2026-02-01', to: '2026-01-01' }, []), E.left({ _tag: 'InvalidCohortParams', issues: [{ param: 'to' }] }))
    t.match(fte({ from: '2026-02-30', to: 'soon' }, []), E.left({ issues: [{ param: 'from' }, { param: 'to' }] }))
  })

  await t.test('members, outcome, age at entry and order', async (t) => {
    const children = [
      // A community resolution before the caution does not count: entry is the caution.
      withFacts(childRecord('FT-1', dob), [outcome('FT-1', '2025-11-01', 'community_resolution'), outcome('FT-1', '2026-03-10', 'youth_caution')]),
      // Same day: the conditional caution is listed before the referral order.
      withFacts(childRecord('FT-2', dob), [outcome('FT-2', '2026-02-01', 'referral_order'), outcome('FT-2', '2026-02-01', 'youth_conditional_caution')]),
      // Same date as FT-3b: ordered by childId.
      withFacts(childRecord('FT-3b', dob), [outcome('FT-3b', '2026-02-01', 'fine_or_discharge')]),
      // First formal outcome before `from`: not an entrant in this range.
      withFacts(childRecord('FT-4', dob), [outcome('FT-4', '2025-12-31', 'youth_caution'), outcome('FT-4', '2026-02-01', 'referral_order')]),
      // Outcome after D: does not count even though `to` would allow it.
      withFacts(childRecord('FT-5', dob), [outcome('FT-5', '2026-07-01', 'custodial_sentence')]),
      // Aged 18 at the outcome.
      withFacts(childRecord('FT-6', { dateOfBirth: '2008-01-15' }), [outcome('FT-6', '2026-01-15', 'other_conviction')]),
      // Aged 17 the day before the eighteenth birthday.
      withFacts(childRecord('FT-7', { dateOfBirth: '2008-01-16' }), [outcome('FT-7', '2026-01-15', 'other_conviction')]),
      // Aged 9 the day before the tenth birthday; aged 10 on it.
      withFacts(childRecord('FT-8', { dateOfBirth: '2016-04-02' }), [outcome('FT-8', '2026-04-01', 'youth_caution')]),
      withFacts(childRecord('FT-9', { dateOfBirth: '2016-04-01' }), [outcome('FT-9', '2026-04-01', 'youth_caution')]),
      // Only informal outcomes.
      withFacts(childRecord('FT-10', dob), [outcome('FT-10', '2026-03-01', 'no_further_action')]),
    ]
    const rows = fte({ ...range, to: '2026-12-31' }, children)
    if (E.isLeft(rows)) return t.fail('unexpected problem')
    t.same(
      rows.right.map((r) => [r.childId, r.columns]),
      [
        ['FT-7', { fteDate: '2026-01-15', fteOutcome: 'other_conviction', ageAtEntry: 17 }],
        ['FT-2', { fteDate: '2026-02-01', fteOutcome: 'youth_conditional_caution', ageAtEntry: 13 }],
        ['FT-3b', { fteDate: '2026-02-01', fteOutcome: 'fine_or_discharge', ageAtEntry: 13 }],
        ['FT-1', { fteDate: '2026-03-10', fteOutcome: 'youth_caution', ageAtEntry: 14 }],
        ['FT-9', { fteDate: '2026-04-01', fteOutcome: 'youth_caution', ageAtEntry: 10 }],
      ],
    )
    t.equal(rows.right.find((r) => r.childId === 'FT-7')?.age, 18, 'age is on D; ageAtEntry on the entry date')
  })

  await t.test('an earlier D replays the past: outcomes after D do not count', async (t) => {
    const child = withFacts(childRecord('FT-1', dob), [outcome('FT-1', '2026-03-10', 'youth_caution')])
    const before = fte({ ...range, asOf: '2026-03-09' }, [child])
    const on = fte({ ...range, asOf: '2026-03-10' }, [child])
    t.same(E.isRight(before) && ids(before.right), [])
    t.same(E.isRight(on) && ids(on.right), ['FT-1'])
  })

  await t.test('flags, score and tier are those of the day before entry', async (t) => {
    const child = withFacts(childRecord('FT-1', dob), [
      // Missing on 2026-03-01: MISSING_RECENT on 9 March, gone by D.
      ...closedEpisodes('FT-1', ['2026-03-01']),
      // Reported on the day of entry: not known the day before.
      drugIntelligence('FT-1', '2026-03-10'),
      outcome('FT-1', '2026-03-10', 'youth_caution'),
    ])
    const rows = fte(range, [child])
    if (E.isLeft(rows)) return t.fail('unexpected problem')
    t.match(rows.right[0], { childId: 'FT-1', flags: ['MISSING_RECENT'], score: 2, tier: 'low' })
  })
})

t.test('locality filter: exact match, applied to every cohort', async (t) => {
  const open = (id: string, locality: string) => withFacts(childRecord(id, { locality }), [episode(id, '2026-06-29T10:00:00Z', null)])
  const children = [open('L1', 'North'), open('L2', 'South'), open('L3', 'north'), open('L4', 'South')]
  t.same(ids(rowsOf('missing-pilot', children, { locality: 'South' })), ['L2', 'L4'])
  t.same(ids(rowsOf('missing-pilot', children, { locality: 'Nowhere' })), [])
  t.same(ids(rowsOf('missing-pilot', children)), ['L1', 'L2', 'L3', 'L4'], 'no filter: everyone')
})

t.test('rows do not depend on the order children or facts arrive in', async (t) => {
  const children = [
    withFacts(childRecord('X1'), [episode('X1', '2026-06-29T10:00:00Z', null), ...closedEpisodes('X1', ['2026-05-01', '2026-05-02'])]),
    withFacts(childRecord('X2'), [episode('X2', '2026-06-29T12:00:00Z', null)]),
    withFacts(childRecord('X3'), closedEpisodes('X3', ['2026-05-01', '2026-05-02', '2026-05-03'])),
  ]
  const reversed = [...children].reverse().map((c) => withFacts(c.child, [...c.facts].reverse()))
  t.same(rowsOf('missing-pilot', reversed), rowsOf('missing-pilot', children))
})
