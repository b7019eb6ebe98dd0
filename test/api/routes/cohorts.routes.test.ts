/** `GET /cohorts/:name`: JSON and CSV, paging, scope by today, pseudonyms (SPEC §1, §4). */
import t from 'tap'
import { bearer, buildCityApp, TEST_PSEUDONYM_KEY } from '../helper'
import { memorySource } from '../fixtures/memory-source'
import { CANARY_FACTS, childIdOf } from '../fixtures/canary-city'
import { pseudonymiser } from '../../../api/access/pseudonym'
import { plainSeal } from '../../../engine/cohorts/list-seal'

interface Doc {
  cohort: string
  asOf: string
  rows: Record<string, unknown>[]
  nextCursor: string | null
  changes?: Record<string, unknown>[]
}

const get = async (app: Awaited<ReturnType<typeof buildCityApp>>['app'], url: string, role: Parameters<typeof bearer>[0], accept?: string) =>
  app.inject({ method: 'GET', url, headers: { ...bearer(role), ...(accept === undefined ? {} : { accept }) } })

/** A child record and a care period open since 2026-01-01: a member of lac-attendance today. */
const lookedAfterChild = (childId: string, locality: string): string[] => [
  JSON.stringify({
    kind: 'child', source: 'social_care', sourceId: `REC-${childId}`, subject: { childId }, recordedAt: '2026-11-24T09:00:00Z',
    childId, dateOfBirth: '2013-01-01', sex: 'M', locality,
  }),
  JSON.stringify({
    kind: 'care_period', source: 'social_care', sourceId: `CARE-${childId}`, subject: { childId },
    recordedAt: '2026-11-24T09:00:00Z', start: '2026-01-01', end: null, legalStatus: 'C2',
  }),
]

t.test('MASH reads a cohort with names; the pilot team too', async (t) => {
  const { app, audit } = await buildCityApp()
  t.teardown(() => app.close())
  for (const role of ['mash', 'missing_pilot'] as const) {
    const res = await get(app, '/cohorts/missing-pilot', role)
    t.equal(res.statusCode, 200, role)
    const doc = res.json() as Doc
    t.match(doc, { cohort: 'missing-pilot', asOf: '2026-11-24', nextCursor: null })
    t.same(doc.rows.map((r) => r['childId']), [childIdOf(2)])
    t.match(doc.rows[0], { givenName: 'Ebrizzal', familyName: 'Thorncraike', openEpisode: true, episodesIn90Days: 3 })
  }
  t.match(audit, [
    { outcome: 'ok', cohort: 'missing-pilot', childIds: [childIdOf(2)], role: 'mash' },
    { outcome: 'ok', cohort: 'missing-pilot', childIds: [childIdOf(2)], role: 'missing_pilot' },
  ])
})

t.test('the analysts get first-time entrants under a stable pseudonym, without names', async (t) => {
  const { app } = await buildCityApp()
  t.teardown(() => app.close())
  const url = '/cohorts/first-time-entrants?from=2025-12-01&to=2026-11-24'
  const first = await get(app, url, 'yot_analyst')
  t.equal(first.statusCode, 200)
  const doc = first.json() as Doc
  t.equal(doc.rows.length, 1)
  const row = doc.rows[0] ?? {}
  t.equal(row['pseudonym'], pseudonymiser(TEST_PSEUDONYM_KEY)(childIdOf(5)))
  t.notOk('childId' in row || 'givenName' in row || 'familyName' in row)
  t.match(row, { fteDate: '2026-06-10', fteOutcome: 'youth_caution', ageAtEntry: 14 })
  t.notOk(first.body.includes(childIdOf(5)), 'no childId anywhere')
  const again = (await get(app, url, 'yot_analyst')).json() as Doc
  t.equal(again.rows[0]?.['pseudonym'], row['pseudonym'], 'the same pseudonym every time')
  t.not(pseudonymiser('another-deployment-key-of-32-bytes!!')(childIdOf(5)), row['pseudonym'], 'another key, another pseudonym')
  const csv = await get(app, url, 'yot_analyst', 'text/csv')
  t.match(csv.headers['content-type'], /^text\/csv/)
  t.match(csv.body, /^pseudonym,age,sex,locality,score,tier,flags,fteDate,fteOutcome,ageAtEntry\r\n/)
  t.notOk(csv.body.includes(childIdOf(5)))
  const missingRange = await get(app, '/cohorts/first-time-entrants', 'yot_analyst')
  t.equal(missingRange.statusCode, 400, 'from and to are required')
  t.match(missingRange.json(), { errors: [{ path: 'from' }, { path: 'to' }] })
})

t.test('the Virtual School sees only children looked after today, whatever asOf asks', async (t) => {
  const { app } = await buildCityApp()
  t.teardown(() => app.close())
  const mash = (await get(app, '/cohorts/lac-attendance?asOf=2025-03-14', 'mash')).json() as Doc
  t.same(mash.rows.map((r) => r['childId']), [childIdOf(4)], 'last year the care leaver was in the cohort')
  const vs = (await get(app, '/cohorts/lac-attendance?asOf=2025-03-14', 'virtual_school')).json() as Doc
  t.same(vs.rows, [], 'but she does not exist for the Virtual School today')
  const today = (await get(app, '/cohorts/lac-attendance', 'virtual_school')).json() as Doc
  t.same(today.rows.map((r) => r['childId']), [childIdOf(3)])
  const mashToday = (await get(app, '/cohorts/lac-attendance', 'mash')).json() as Doc
  t.ok((mashToday.rows[0]?.['flags'] as string[]).includes('DOMESTIC_ABUSE'), 'MASH sees every flag id')
  const flags = today.rows[0]?.['flags'] as string[]
  t.ok(flags.length > 0 && !flags.includes('DOMESTIC_ABUSE') && !flags.includes('DOMESTIC_ABUSE_REPEAT'), flags.join(','))
  t.ok((today.rows[0]?.['score'] as number) < (mashToday.rows[0]?.['score'] as number), 'score of the education flags only')
})

t.test('a cohort the role may not read is the same 404 as one that does not exist', async (t) => {
  const { app, audit } = await buildCityApp()
  t.teardown(() => app.close())
  const denied = await get(app, '/cohorts/missing-pilot', 'virtual_school')
  const unknown = await get(app, '/cohorts/no-such-cohort', 'virtual_school')
  t.equal(denied.statusCode, 404)
  t.equal(denied.body.replace(/"instance":"[^"]+"/, ''), unknown.body.replace(/"instance":"[^"]+"/, ''))
  t.match(audit, [
    { outcome: 'denied', cohort: 'missing-pilot' },
    { outcome: 'denied', cohort: 'no-such-cohort' },
  ])
})

t.test('pages follow the cursor to the end', async (t) => {
  const { app } = await buildCityApp()
  t.teardown(() => app.close())
  const all = (await get(app, '/cohorts/first-time-entrants?from=2000-01-01&to=2026-11-24', 'mash')).json() as Doc
  const ids: unknown[] = []
  let url = '/cohorts/lac-attendance?asOf=2025-06-01&limit=1'
  const whole = (await get(app, '/cohorts/lac-attendance?asOf=2025-06-01', 'mash')).json() as Doc
  for (let guard = 0; guard < 10; guard += 1) {
    const page = (await get(app, url, 'mash')).json() as Doc
    ids.push(...page.rows.map((r) => r['childId']))
    if (page.nextCursor === null) break
    url = `/cohorts/lac-attendance?asOf=2025-06-01&limit=1&cursor=${page.nextCursor}`
  }
  t.same(ids, whole.rows.map((r) => r['childId']))
  t.ok(whole.rows.length >= 1 && all.rows.length >= 1)
  const bad = await get(app, '/cohorts/lac-attendance?cursor=bm90LWEtY3Vyc29y', 'mash')
  t.equal(bad.statusCode, 400)
  const tooMany = await get(app, '/cohorts/lac-attendance?limit=1000000', 'mash')
  t.equal(tooMany.statusCode, 400, 'limit is bounded')
  const unknownParam = await get(app, '/cohorts/lac-attendance?sort=name', 'mash')
  t.equal(unknownParam.statusCode, 400)
})

t.test('a cursor from a list that has changed since is refused: start again, never skip a child', async (t) => {
  const source = memorySource([...CANARY_FACTS, ...lookedAfterChild('C9400001', 'Northfold'), ...lookedAfterChild('C9400002', 'Southmere'), ...lookedAfterChild('C9400003', 'Northfold')])
  const { app } = await buildCityApp({ source })
  t.teardown(() => app.close())
  const whole = (await get(app, '/cohorts/lac-attendance', 'mash')).json() as Doc
  const ids = whole.rows.map((r) => r['childId'])
  t.ok(ids.length >= 4, 'a list of several pages')
  const first = (await get(app, '/cohorts/lac-attendance?limit=2', 'mash')).json() as Doc
  const cursor = first.nextCursor ?? ''
  const next = await get(app, `/cohorts/lac-attendance?limit=2&cursor=${cursor}`, 'mash')
  t.equal(next.statusCode, 200, 'the same list: the next page')
  t.same((next.json() as Doc).rows.map((r) => r['childId']), ids.slice(2, 4))
  // The same cursor over another list (one locality's), whose first rows are not those it was given after.
  const changed = await get(app, `/cohorts/lac-attendance?locality=Northfold&limit=2&cursor=${cursor}`, 'mash')
  t.equal(changed.statusCode, 400, 'by position, a child would be skipped or shown twice')
  t.match(changed.json(), {
    type: 'https://early-warning.invalid/problems/cohort-changed',
    status: 400,
    errors: [{ path: 'cursor', expected: /changed since this cursor was given out/ }],
  })
  t.match(changed.headers['content-type'], /^application\/problem\+json/)
  const garbled = await get(app, `/cohorts/lac-attendance?limit=2&cursor=${cursor.slice(0, -2)}`, 'mash')
  t.match(garbled.json(), { type: 'https://early-warning.invalid/problems/invalid-input', errors: [{ path: 'cursor' }] }, 'a cursor that is not ours is another type')
  // Sealed with the deployment's key: no childId inside, and nothing a guess of childIds could be checked against.
  const inside = Buffer.from(cursor, 'base64url').toString('utf8')
  t.notOk(/C\d{7}/.test(inside), 'no childId inside')
  t.notOk(inside.includes(plainSeal(ids.slice(0, 2) as string[])), 'not the plain hash of the ids before it')
})

t.test('changedSince lists who entered, left or changed, within the role scope', async (t) => {
  const { app } = await buildCityApp()
  t.teardown(() => app.close())
  const res = await get(app, '/cohorts/lac-attendance?changedSince=2025-03-14', 'mash')
  t.equal(res.statusCode, 200)
  const doc = res.json() as Doc
  const byChild = new Map((doc.changes ?? []).map((c) => [c['childId'], c['change']]))
  t.equal(byChild.get(childIdOf(3)), 'entered')
  t.equal(byChild.get(childIdOf(4)), 'left')
  const vs = (await get(app, '/cohorts/lac-attendance?changedSince=2025-03-14', 'virtual_school')).json() as Doc
  t.same((vs.changes ?? []).map((c) => c['childId']), [childIdOf(3)], 'the care leaver is out of scope')
  const late = await get(app, '/cohorts/lac-attendance?changedSince=2027-01-01', 'mash')
  t.equal(late.statusCode, 400, 'changedSince after asOf')
  const csv = (await get(app, '/cohorts/lac-attendance?changedSince=2025-03-14', 'mash', 'text/csv')).body.split('\r\n')
  t.match(csv[0], /,change,raised,cleared,givenName,familyName$/, 'CSV says what changed too')
  t.ok(csv.some((l) => l.startsWith(`${childIdOf(3)},`) && l.includes(',entered,')), 'the child who entered')
  t.ok(csv.some((l) => l.startsWith(`${childIdOf(4)},`) && l.includes(',left,')), 'and a line for the care leaver who left')
  const vsCsv = (await get(app, '/cohorts/lac-attendance?changedSince=2025-03-14', 'virtual_school', 'text/csv')).body
  t.notOk(vsCsv.includes(childIdOf(4)), 'not for the Virtual School: she is out of its scope')
})

t.test('CSV cells that a spreadsheet would run as a formula are neutralised (A9)', async (t) => {
  const localities = ['=HYPERLINK("http://x")', '+1+1', '-2+3', '@SUM(A1)', '-cmd|calc']
  const source = memorySource([...CANARY_FACTS, ...localities.flatMap((l, i) => lookedAfterChild(`C930000${i + 1}`, l))])
  const { app } = await buildCityApp({ source })
  t.teardown(() => app.close())
  const res = await get(app, '/cohorts/lac-attendance', 'mash', 'text/csv')
  t.equal(res.statusCode, 200)
  const cells = res.body.split('\r\n').slice(1).filter((l) => l !== '').flatMap((line) => line.split(','))
  // A quoted cell is read without its quotes, so `"=1"` would still be live.
  const live = cells.map((c) => c.replace(/^"/, '')).filter((c) => /^[=+\-@\t\r]/.test(c))
  t.same(live, [], 'no cell starts a formula')
  t.comment(`${cells.length} cells, ${live.length} live formulas`)
})

/** A synthetic child record and facts about it, all recorded on the test's today. */
const extraChild = (childId: string, facts: readonly Record<string, unknown>[]): string[] => {
  const recordedAt = '2026-11-24T09:00:00Z'
  const subject = { childId }
  return [
    JSON.stringify({
      kind: 'child', source: 'social_care', sourceId: `REC-${childId}`, subject, recordedAt,
      childId, dateOfBirth: '2011-03-01', sex: 'F', locality: 'Harbourside', givenName: 'Olvendra', familyName: 'Quaystrel',
    }),
    ...facts.map((f, i) => JSON.stringify({ source: 'police', sourceId: `X-${childId}-${i}`, subject, recordedAt, ...f })),
  ]
}

t.test('the pilot team reads exploitation, but only its own children there (SPEC §1)', async (t) => {
  // Exploitation concern without repeat or ongoing episodes: in `exploitation`, not in `missing-pilot`.
  const outsider = extraChild('C9300010', [
    { kind: 'missing_episode', start: '2026-11-10T20:00:00Z', end: '2026-11-11T09:00:00Z', category: 'missing' },
    { kind: 'drug_intelligence', reportedOn: '2026-11-01', category: 'association', grading: 'U/C', handlingCode: 'P' },
  ])
  const { app, audit } = await buildCityApp({ source: memorySource([...CANARY_FACTS, ...outsider]) })
  t.teardown(() => app.close())
  const mash = (await get(app, '/cohorts/exploitation', 'mash')).json() as Doc
  t.same(mash.rows.map((r) => r['childId']).sort(), [childIdOf(2), 'C9300010'], 'both children have the concern')
  const pilot = await get(app, '/cohorts/exploitation', 'missing_pilot')
  t.same((pilot.json() as Doc).rows.map((r) => r['childId']), [childIdOf(2)], 'the pilot team sees its own child only')
  t.notOk(pilot.body.includes('C9300010') || pilot.body.includes('Olvendra'), 'nothing of the other child')
  const csv = await get(app, '/cohorts/exploitation', 'missing_pilot', 'text/csv')
  t.notOk(csv.body.includes('C9300010'), 'nor in the CSV')
  const since = (await get(app, '/cohorts/exploitation?changedSince=2026-10-01', 'missing_pilot')).json() as Doc
  t.notOk(JSON.stringify(since).includes('C9300010'), 'nor among the changes')
  t.match(audit.filter((a) => a.role === 'missing_pilot'), [
    { outcome: 'ok', cohort: 'exploitation', childIds: [childIdOf(2)] },
    { outcome: 'ok', cohort: 'exploitation', childIds: [childIdOf(2)] },
    { outcome: 'ok', cohort: 'exploitation' },
  ])
})

t.test('changedSince: a child whose only change is in a category the role may not see is not listed for it', async (t) => {
  // Looked after all along; a domestic abuse contact since changedSince, no education flag either side.
  const child = extraChild('C9300020', [
    { kind: 'care_period', source: 'social_care', start: '2025-01-06', end: null, legalStatus: 'C2' },
    { kind: 'domestic_abuse_contact', occurredOn: '2026-11-01', channel: 'police_incident', childRole: 'witness', riskLevel: 'standard' },
  ])
  const { app } = await buildCityApp({ source: memorySource([...CANARY_FACTS, ...child]) })
  t.teardown(() => app.close())
  const url = '/cohorts/lac-attendance?changedSince=2026-10-01'
  const mash = (await get(app, url, 'mash')).json() as Doc
  t.match(
    (mash.changes ?? []).find((c) => c['childId'] === 'C9300020'),
    { change: 'flags_changed', raised: ['DOMESTIC_ABUSE'] },
    'MASH sees the change',
  )
  t.ok(mash.rows.some((r) => r['childId'] === 'C9300020'))
  const vs = await get(app, url, 'virtual_school')
  t.equal(vs.statusCode, 200)
  const doc = vs.json() as Doc
  t.notOk(doc.rows.some((r) => r['childId'] === 'C9300020'), 'no row for a change the Virtual School may not see')
  t.notOk((doc.changes ?? []).some((c) => c['childId'] === 'C9300020'), 'and no change')
})
