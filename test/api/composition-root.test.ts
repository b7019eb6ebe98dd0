/**
 * The production wiring over a real (test) database: ingest, lookups, flags,
 * the audit log written before data leaves and failing closed, the unmatched
 * list. Runs on PGlite, and on the server when DATABASE_URL is set.
 */
import t from 'tap'
import { sql } from 'kysely'
import type { Kysely } from 'kysely'
import type { Database } from '../../storage/database/database'
import { CANARIES, childIdOf } from './fixtures/canary-city'
import { bearer, buildStoredApp } from './helper'

const auditRows = async (db: Kysely<Database>) =>
  (await sql<{ sub: string; role: string; route: string; child_ids: string[]; outcome: string; purpose: string | null; request_id: string }>`
    SELECT sub, role, route, child_ids, outcome, purpose, request_id FROM audit_event ORDER BY id
  `.execute(db)).rows

t.test('a child-level answer writes exactly one audit row first, with who, route, children and purpose', async (t) => {
  const { app, db } = await buildStoredApp(t)
  const res = await app.inject({
    method: 'GET',
    url: `/children/${childIdOf(2)}/flags`,
    headers: { ...bearer('mash', { sub: 'mash-officer-7' }), 'x-purpose': 'MASH contact triage\u0007 ref 42' },
  })
  t.equal(res.statusCode, 200)
  const rows = await auditRows(db)
  t.equal(rows.length, 1)
  t.match(rows[0], {
    sub: 'mash-officer-7',
    role: 'mash',
    route: 'GET /children/:childId/flags',
    child_ids: [childIdOf(2)],
    outcome: 'ok',
    purpose: 'MASH contact triage ref 42',
  })
})

t.test('when the audit cannot be written the request fails with 503 and no child data', async (t) => {
  const { app, db } = await buildStoredApp(t)
  await sql`DROP TABLE audit_event`.execute(db)
  let leaked = 0
  const urls = [`/children/${childIdOf(2)}/flags`, `/children/${childIdOf(2)}/chronology`, '/cohorts/missing-pilot', `/children?upn=${CANARIES[1]?.upn}`]
  for (const url of urls) {
    const res = await app.inject({ method: 'GET', url, headers: bearer('mash') })
    t.equal(res.statusCode, 503, url)
    t.match(res.json(), { type: 'https://early-warning.invalid/problems/service-unavailable' })
    if (res.body.includes(childIdOf(2)) || res.body.includes('Thorncraike')) leaked += 1
  }
  t.equal(leaked, 0, 'no body carried child data')
  t.comment(`${urls.length} requests during the fault, ${leaked} with data`)
})

t.test('POST /facts ingests; a claimed identifier is refused without naming the other child', async (t) => {
  const { app, db } = await buildStoredApp(t)
  const newChild = (sourceId: string, childId: string, upn: string) =>
    JSON.stringify({
      kind: 'child', source: 'social_care', sourceId, subject: { childId }, recordedAt: '2026-11-24T09:30:00Z',
      childId, dateOfBirth: '2014-01-01', sex: 'F', locality: 'Harbourside', upn,
    })
  const ok = await app.inject({
    method: 'POST', url: '/facts', headers: { ...bearer('ingest'), 'content-type': 'application/x-ndjson' },
    payload: `${newChild('NEW-1', 'C9200001', '')}`.replace(',"upn":""', ''),
  })
  t.equal(ok.statusCode, 200)
  t.match(ok.json(), { inserted: 1 })
  const taken = CANARIES[0]?.upn ?? ''
  const clash = await app.inject({
    method: 'POST', url: '/facts', headers: { ...bearer('ingest'), 'content-type': 'application/x-ndjson' },
    payload: newChild('NEW-2', 'C9200002', taken),
  })
  t.equal(clash.statusCode, 400)
  t.match(clash.json(), { errors: [{ line: 1, path: 'upn' }] })
  t.notOk(clash.body.includes(childIdOf(1)), 'the other child is not named')
  t.notOk(clash.body.includes('SOCIAL_CARE-1'), "nor its record's id")
  t.notOk(clash.body.includes(taken), 'nor the identifier')
  const stored = await sql<{ n: number }>`SELECT count(*)::int AS n FROM child WHERE child_id = 'C9200002'`.execute(db)
  t.equal(stored.rows[0]?.n, 0, 'nothing of the refused batch was written')
})

t.test('MASH finds a child by UPN, NHS number, or family name and date of birth', async (t) => {
  const { app } = await buildStoredApp(t)
  const canary = CANARIES[2]
  if (canary === undefined) return
  const spaced = `${canary.upn.slice(0, 5)} ${canary.upn.slice(5).toLowerCase()}`
  for (const query of [
    `upn=${encodeURIComponent(spaced)}`,
    `nhsNumber=${canary.nhsNumber}`,
    `familyName=${canary.familyName}&dateOfBirth=${canary.dateOfBirth}`,
    // As a police referral or a hurried search may write it: the same name whatever its letter case.
    `familyName=${canary.familyName.toUpperCase()}&dateOfBirth=${canary.dateOfBirth}`,
    `familyName=${encodeURIComponent(` ${canary.familyName.toLowerCase()} `)}&dateOfBirth=${canary.dateOfBirth}`,
  ]) {
    const res = await app.inject({ method: 'GET', url: `/children?${query}`, headers: bearer('mash') })
    t.equal(res.statusCode, 200, query)
    t.match(res.json(), { children: [{ childId: canary.childId, familyName: canary.familyName, tier: null }] })
  }
  const none = await app.inject({ method: 'GET', url: '/children?familyName=Nobody&dateOfBirth=2014-01-01', headers: bearer('mash') })
  t.same(none.json(), { children: [] })
  const nearly = await app.inject({
    method: 'GET',
    url: `/children?familyName=${canary.familyName.slice(0, -1)}&dateOfBirth=${canary.dateOfBirth}`,
    headers: bearer('mash'),
  })
  t.same(nearly.json(), { children: [] }, 'no fuzzy matching: a letter short is another name')
  const both = await app.inject({ method: 'GET', url: `/children?upn=${canary.upn}&nhsNumber=${canary.nhsNumber}`, headers: bearer('mash') })
  t.equal(both.statusCode, 400, 'one way of asking at a time')
  const bad = await app.inject({ method: 'GET', url: '/children?upn=A123', headers: bearer('mash') })
  t.equal(bad.statusCode, 400, 'a UPN that fails its check')
})

t.test('the admin reads the audit log newest first, filtered and paged', async (t) => {
  const { app } = await buildStoredApp(t)
  for (const n of [1, 2, 3] as const) {
    await app.inject({ method: 'GET', url: `/children/${childIdOf(n)}/flags`, headers: bearer('mash', { sub: `officer-${n}` }) })
  }
  const all = await app.inject({ method: 'GET', url: '/audit', headers: bearer('admin') })
  t.equal(all.statusCode, 200)
  const entries = (all.json() as { entries: { sub: string; childIds: string[] }[] }).entries
  t.same(entries.map((e) => e.sub), ['officer-3', 'officer-2', 'officer-1'], 'newest first')
  const one = await app.inject({ method: 'GET', url: `/audit?childId=${childIdOf(2)}`, headers: bearer('admin') })
  t.same(
    (one.json() as { entries: { sub: string; route: string; childIds: string[] }[] }).entries.map((e) => [e.route, e.childIds]),
    [
      ['/audit', [childIdOf(3), childIdOf(2), childIdOf(1)]],
      ['/children/:childId/flags', [childIdOf(2)]],
    ],
    'the admin’s own read of the log is there: it named the child',
  )
  const bySub = await app.inject({ method: 'GET', url: '/audit?sub=officer-1', headers: bearer('admin') })
  t.equal((bySub.json() as { entries: unknown[] }).entries.length, 1)
  const first = (await app.inject({ method: 'GET', url: '/audit?limit=2', headers: bearer('admin') })).json() as {
    entries: { id: string }[]
    nextCursor: string
  }
  t.equal(first.entries.length, 2)
  t.type(first.nextCursor, 'string')
  const second = (await app.inject({ method: 'GET', url: `/audit?limit=2&cursor=${first.nextCursor}`, headers: bearer('admin') })).json() as {
    entries: { id: string }[]
  }
  t.notOk(second.entries.some((e) => first.entries.some((f) => f.id === e.id)), 'no record repeats across pages')
  const future = await app.inject({ method: 'GET', url: '/audit?from=2030-01-01', headers: bearer('admin') })
  t.equal((future.json() as { entries: unknown[] }).entries.length, 0)
  const badCursor = await app.inject({ method: 'GET', url: '/audit?cursor=abc', headers: bearer('admin') })
  t.equal(badCursor.statusCode, 400)
  const mash = await app.inject({ method: 'GET', url: '/audit', headers: bearer('mash') })
  t.equal(mash.statusCode, 403)
})

t.test('the admin sees unmatched facts without their content', async (t) => {
  const waiting = JSON.stringify({
    kind: 'missing_episode', source: 'police', sourceId: 'MP-WAIT', subject: { policeId: 'PZQ79999' },
    recordedAt: '2026-11-24T09:00:00Z', start: '2026-11-01T20:00:00Z', end: '2026-11-02T08:00:00Z', category: 'missing',
  })
  const { app } = await buildStoredApp(t, { facts: [waiting] })
  const res = await app.inject({ method: 'GET', url: '/unmatched', headers: bearer('admin') })
  t.equal(res.statusCode, 200)
  t.same(res.json(), {
    facts: [{ kind: 'missing_episode', source: 'police', sourceId: 'MP-WAIT', identifierType: 'policeId', arrivedAt: '2026-11-24T10:00:00.000Z' }],
    nextCursor: null,
  })
  t.notOk(res.body.includes('PZQ79999'), 'not the identifier value')
})

t.test('/ready answers over the database', async (t) => {
  const { app } = await buildStoredApp(t, { facts: [] })
  const res = await app.inject({ method: 'GET', url: '/ready' })
  t.equal(res.statusCode, 200)
})

t.test('children a batch changes are scored at once: lookups show their tier, flags their since', async (t) => {
  const { app } = await buildStoredApp(t, { facts: [] })
  const at = '2026-11-24T09:30:00Z'
  const lines = [
    JSON.stringify({
      kind: 'child', source: 'social_care', sourceId: 'S-1', subject: { childId: 'C9400001' }, recordedAt: at,
      childId: 'C9400001', dateOfBirth: '2012-04-04', sex: 'M', locality: 'Harbourside', familyName: 'Wexmoorland',
    }),
    ...['2026-10-01', '2026-10-20', '2026-11-10'].map((d, i) =>
      JSON.stringify({
        kind: 'missing_episode', source: 'police', sourceId: `M-${i}`, subject: { childId: 'C9400001' }, recordedAt: at,
        start: `${d}T20:00:00Z`, end: `${d}T23:00:00Z`, category: 'missing',
      }),
    ),
  ]
  const ingest = await app.inject({
    method: 'POST', url: '/facts', headers: { ...bearer('ingest'), 'content-type': 'application/x-ndjson' }, payload: lines.join('\n'),
  })
  t.equal(ingest.statusCode, 200)
  const found = await app.inject({ method: 'GET', url: '/children?familyName=Wexmoorland&dateOfBirth=2012-04-04', headers: bearer('mash') })
  t.match(found.json(), { children: [{ childId: 'C9400001', tier: 'medium' }] })
  const flags = await app.inject({ method: 'GET', url: '/children/C9400001/flags', headers: bearer('mash') })
  const repeat = (flags.json() as { flags: { id: string; since?: string }[] }).flags.find((f) => f.id === 'MISSING_REPEAT')
  t.equal(repeat?.since, '2026-11-24', 'the run started when it was first scored')
})
