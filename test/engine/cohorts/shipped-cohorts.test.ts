/**
 * The cohort definitions shipped in rules/manifest.json are those of SPEC §4,
 * and the pieces (rows, paging, CSV, changedSince) fit together on them.
 */
import t from 'tap'
import * as E from 'fp-ts/Either'
import { changedSince } from '../../../engine/cohorts/changed-since'
import { cohortCsv } from '../../../engine/cohorts/cohort-csv'
import { toCohortDocument } from '../../../engine/cohorts/cohort-document'
import { plainSeal } from '../../../engine/cohorts/list-seal'
import { cohortRows } from '../../../engine/cohorts/cohort-rows'
import { withoutNames } from '../../../engine/cohorts/cohort-row'
import type { CohortRow } from '../../../engine/cohorts/cohort-row'
import type { ChildFacts } from '../../../engine/linking/child-facts'
import { cohort, compiled, ruleSet } from './shipped-rules'
import { childRecord, drugIntelligence, episode, outcome, withFacts } from './build-children'

const rows = (name: string, children: readonly ChildFacts[], asOf: string, extra = {}): readonly CohortRow[] => {
  const r = cohortRows(compiled, cohort(name), children, { asOf, ...extra })
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
  return r.right
}

t.test('the four SPEC §4 cohorts ship with their columns', async (t) => {
  t.same(
    ruleSet.cohorts.map((c) => [c.name, c.columns, c.requiresRange === true]),
    [
      ['missing-pilot', ['openEpisode', 'lastMissingStart', 'episodesIn90Days', 'rhiOverdue'], false],
      ['lac-attendance', ['attendanceRate', 'previousAttendanceRate', 'alert', 'suspensionsThisYear'], false],
      ['exploitation', [], false],
      ['first-time-entrants', ['fteDate', 'fteOutcome', 'ageAtEntry'], true],
    ],
  )
})

const missingChildren = (n: number): ChildFacts[] =>
  Array.from({ length: n }, (_, i) => {
    const id = `P${String(i).padStart(2, '0')}`
    return withFacts(childRecord(id, { locality: i % 3 === 0 ? 'East' : 'West' }), [
      episode(id, `2026-06-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00Z`, i % 2 === 0 ? null : '2026-06-29T10:00:00Z'),
    ])
  })

t.test('paged documents of a real cohort concatenate to the whole list', async (t) => {
  const all = rows('missing-pilot', missingChildren(23), '2026-06-30')
  t.ok(all.length > 10, `${all.length} rows`)
  const seen: string[] = []
  let cursor: string | undefined
  let pages = 0
  do {
    const doc = toCohortDocument('missing-pilot', '2026-06-30', all, cursor === undefined ? { limit: 5 } : { limit: 5, cursor }, plainSeal)
    if (E.isLeft(doc)) return t.fail('unexpected problem')
    seen.push(...doc.right.rows.map((r) => String(r.childId)))
    cursor = doc.right.nextCursor ?? undefined
    pages += 1
  } while (cursor !== undefined)
  t.same(seen, all.map((r) => r.childId))
  t.equal(pages, Math.ceil(all.length / 5))
})

t.test('a fact after D changes no row', async (t) => {
  const children = missingChildren(6)
  const later = children.map((c) => withFacts(c.child, [...c.facts, episode(c.child.childId, '2026-07-02T10:00:00Z', null), drugIntelligence(c.child.childId, '2026-07-03')]))
  t.same(rows('missing-pilot', later, '2026-06-30'), rows('missing-pilot', children, '2026-06-30'))
})

t.test('changedSince between two dates of a real cohort', async (t) => {
  const children = [
    // Open from 20 June: in the pilot on both dates; drug intelligence on 25 June adds flags.
    withFacts(childRecord('CS-1'), [episode('CS-1', '2026-06-20T10:00:00Z', null), drugIntelligence('CS-1', '2026-06-25')]),
    // Open from 26 June: enters.
    withFacts(childRecord('CS-2'), [episode('CS-2', '2026-06-26T10:00:00Z', null)]),
    // Back on 23 June: leaves.
    withFacts(childRecord('CS-3'), [episode('CS-3', '2026-06-19T10:00:00Z', '2026-06-23T10:00:00Z')]),
  ]
  const then = rows('missing-pilot', children, '2026-06-21')
  const now = rows('missing-pilot', children, '2026-06-30')
  t.same(changedSince(then, now), [
    { childId: 'CS-1', change: 'flags_changed', raised: ['DRUG_INTELLIGENCE', 'EXPLOITATION_CONCERN'], cleared: [] },
    { childId: 'CS-2', change: 'entered', raised: ['MISSING_ONGOING', 'MISSING_RECENT'], cleared: [] },
    { childId: 'CS-3', change: 'left', raised: [], cleared: ['MISSING_ONGOING', 'MISSING_RECENT'] },
  ])
})

t.test('first-time entrants as CSV without names', async (t) => {
  const children = [
    withFacts(childRecord('FT-1', { givenName: 'Alpha', familyName: 'Testchild', locality: '=cmd' }), [outcome('FT-1', '2026-03-10', 'youth_caution')]),
  ]
  const r = rows('first-time-entrants', children, '2026-06-30', { from: '2026-01-01', to: '2026-06-30' }).map(withoutNames)
  t.equal(
    cohortCsv(r, cohort('first-time-entrants').columns),
    'childId,age,sex,locality,score,tier,flags,fteDate,fteOutcome,ageAtEntry\r\n' +
      `FT-1,14,F,"'=cmd",0,none,,2026-03-10,youth_caution,14\r\n`,
  )
})
