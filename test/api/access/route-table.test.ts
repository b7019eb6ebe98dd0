/**
 * RELIABILITY A1/A2: every route × every role × {no token, an in-scope child
 * (or cohort), an out-of-scope one, an unknown one}, against a declared
 * table, over the canary city. Child-level answers must each write one audit
 * record, and nothing else may.
 */
import t from 'tap'
import { ROUTE_TABLE } from '../../../api/access/route-table'
import { ROLES } from '../../../api/auth/roles'
import type { Role } from '../../../api/auth/roles'
import { bearer, buildCityApp, buildTestApp } from '../helper'
import { CANARIES, UNKNOWN_CHILD, childIdOf } from '../fixtures/canary-city'
import { upnCheckLetter } from '../../../engine/facts/identifiers/upn'

type Principal = Role | 'none'
type Variant = 'in' | 'out' | 'unknown'
const PRINCIPALS: readonly Principal[] = ['none', ...ROLES]
const VARIANTS: readonly Variant[] = ['in', 'out', 'unknown']

/** Which child or cohort stands for each variant, per role (mash may see every child, so its "out" is another child it sees). */
const CHILD: Readonly<Record<Principal, Readonly<Record<Variant, string>>>> = {
  none: { in: childIdOf(2), out: childIdOf(1), unknown: UNKNOWN_CHILD },
  mash: { in: childIdOf(2), out: childIdOf(4), unknown: UNKNOWN_CHILD },
  missing_pilot: { in: childIdOf(2), out: childIdOf(1), unknown: UNKNOWN_CHILD },
  virtual_school: { in: childIdOf(3), out: childIdOf(4), unknown: UNKNOWN_CHILD },
  yot_analyst: { in: childIdOf(5), out: childIdOf(1), unknown: UNKNOWN_CHILD },
  ingest: { in: childIdOf(1), out: childIdOf(2), unknown: UNKNOWN_CHILD },
  admin: { in: childIdOf(1), out: childIdOf(2), unknown: UNKNOWN_CHILD },
}

const COHORT: Readonly<Record<Principal, Readonly<Record<Variant, string>>>> = {
  none: { in: 'missing-pilot', out: 'lac-attendance', unknown: 'no-such-cohort' },
  mash: { in: 'missing-pilot', out: 'lac-attendance', unknown: 'no-such-cohort' },
  missing_pilot: { in: 'exploitation', out: 'lac-attendance', unknown: 'no-such-cohort' },
  virtual_school: { in: 'lac-attendance', out: 'missing-pilot', unknown: 'no-such-cohort' },
  yot_analyst: { in: 'first-time-entrants', out: 'exploitation', unknown: 'no-such-cohort' },
  ingest: { in: 'missing-pilot', out: 'lac-attendance', unknown: 'no-such-cohort' },
  admin: { in: 'missing-pilot', out: 'lac-attendance', unknown: 'no-such-cohort' },
}

const UNKNOWN_UPN = `${upnCheckLetter('938201199999')}938201199999`
const upnOf = (childId: string): string => CANARIES.find((c) => c.childId === childId)?.upn ?? UNKNOWN_UPN

interface Case {
  readonly route: string
  readonly method: 'GET' | 'POST'
  readonly url: (p: Principal, v: Variant) => string
  readonly payload?: string
  /** Expected status per principal and variant. */
  readonly expect: (p: Principal, v: Variant) => number
  readonly childLevel: boolean
}

const child = (ok: Partial<Record<Principal, readonly Variant[]>>) => (p: Principal, v: Variant): number =>
  p === 'none' ? 401 : ok[p]?.includes(v) === true ? 200 : 404

const CASES: readonly Case[] = [
  { route: 'GET /health', method: 'GET', url: () => '/health', expect: () => 200, childLevel: false },
  { route: 'GET /ready', method: 'GET', url: () => '/ready', expect: () => 200, childLevel: false },
  { route: 'GET /docs', method: 'GET', url: () => '/docs', expect: () => 200, childLevel: false },
  { route: 'GET /rules', method: 'GET', url: () => '/rules', expect: (p) => (p === 'none' ? 401 : 200), childLevel: false },
  {
    route: 'GET /children',
    method: 'GET',
    url: (p, v) => `/children?upn=${upnOf(CHILD[p][v])}`,
    // A lookup that finds nothing is still a 200 with an empty list, for MASH.
    expect: child({ mash: ['in', 'out', 'unknown'] }),
    childLevel: true,
  },
  {
    route: 'GET /children/:childId/flags',
    method: 'GET',
    url: (p, v) => `/children/${CHILD[p][v]}/flags`,
    expect: child({ mash: ['in', 'out'], missing_pilot: ['in'], virtual_school: ['in'] }),
    childLevel: true,
  },
  {
    route: 'GET /children/:childId/chronology',
    method: 'GET',
    url: (p, v) => `/children/${CHILD[p][v]}/chronology`,
    expect: child({ mash: ['in', 'out'], missing_pilot: ['in'], virtual_school: ['in'] }),
    childLevel: true,
  },
  {
    route: 'GET /cohorts/:name',
    method: 'GET',
    // first-time-entrants needs its range; the others take none.
    url: (p, v) => `/cohorts/${COHORT[p][v]}${COHORT[p][v] === 'first-time-entrants' ? '?from=2025-12-01&to=2026-11-24' : ''}`,
    expect: child({ mash: ['in', 'out'], missing_pilot: ['in'], virtual_school: ['in'], yot_analyst: ['in'] }),
    childLevel: true,
  },
  {
    route: 'POST /facts',
    method: 'POST',
    url: () => '/facts',
    payload: '\n',
    expect: (p) => (p === 'none' ? 401 : p === 'ingest' ? 200 : 403),
    childLevel: false,
  },
  { route: 'GET /audit', method: 'GET', url: () => '/audit', expect: (p) => (p === 'none' ? 401 : p === 'admin' ? 200 : 403), childLevel: false },
  {
    route: 'GET /unmatched',
    method: 'GET',
    url: () => '/unmatched',
    expect: (p) => (p === 'none' ? 401 : p === 'admin' ? 200 : 403),
    childLevel: false,
  },
]

t.test('the declared matrix covers every route in the route table', async (t) => {
  t.same(CASES.map((c) => c.route).sort(), Object.keys(ROUTE_TABLE).sort())
  const { app } = await buildTestApp()
  t.teardown(() => app.close())
  for (const key of Object.keys(ROUTE_TABLE)) {
    const [method, url] = key.split(' ') as [string, string]
    t.ok(app.hasRoute({ method: method as 'GET', url }), `${key} is registered`)
  }
})

t.test('a route missing from the route table stops the app at boot (deny by default)', async (t) => {
  const { app } = await buildTestApp()
  t.teardown(() => app.close())
  t.throws(() => app.get('/debug', async () => 'oops'))
})

t.test('every route × every principal × every variant answers as declared, and audits as declared', async (t) => {
  const { app, audit } = await buildCityApp({
    services: {
      ingest: async () => ({ _tag: 'Ingested', counts: { inserted: 0, corrected: 0, unchanged: 0, withdrawn: 0, superseded: 0, unmatched: 0, linked: 0 } }),
      auditLog: async () => ({ entries: [], nextCursor: null }),
      unmatched: async () => ({ _tag: 'Page', facts: [], nextCursor: null }),
    },
  })
  t.teardown(() => app.close())
  let cells = 0
  const mismatches: string[] = []
  const auditMismatches: string[] = []
  for (const c of CASES) {
    for (const p of PRINCIPALS) {
      for (const v of VARIANTS) {
        cells += 1
        const before = audit.length
        const res = await app.inject({
          method: c.method,
          url: c.url(p, v),
          headers: { ...(p === 'none' ? {} : bearer(p)), ...(c.payload === undefined ? {} : { 'content-type': 'application/x-ndjson' }) },
          ...(c.payload === undefined ? {} : { payload: c.payload }),
        })
        const expected = c.expect(p, v)
        if (res.statusCode !== expected) mismatches.push(`${c.route} ${p} ${v}: ${res.statusCode}, expected ${expected}`)
        const written = audit.length - before
        const expectedAudit = c.childLevel ? 1 : c.route === 'GET /audit' && res.statusCode === 200 ? 1 : 0
        if (written !== expectedAudit) auditMismatches.push(`${c.route} ${p} ${v}: ${written} audit records`)
        if (res.statusCode >= 400) t.match(res.headers['content-type'], /^application\/problem\+json/)
      }
    }
  }
  t.same(mismatches, [], 'no unexpected allow or deny')
  t.same(auditMismatches, [], 'one audit record per child-level answer, none elsewhere')
  t.comment(`${CASES.length} routes × ${PRINCIPALS.length} principals × ${VARIANTS.length} variants = ${cells} cells, ${mismatches.length} mismatches`)
})

t.test('each role sees exactly its children (A2)', async (t) => {
  const { app } = await buildCityApp()
  t.teardown(() => app.close())
  const children = [...CANARIES.map((c) => c.childId), UNKNOWN_CHILD]
  const visible: Readonly<Record<Role, readonly string[]>> = {
    mash: CANARIES.map((c) => c.childId),
    missing_pilot: [childIdOf(2)],
    virtual_school: [childIdOf(3)],
    yot_analyst: [],
    ingest: [],
    admin: [],
  }
  let leaks = 0
  for (const role of ROLES) {
    const seen: string[] = []
    for (const id of children) {
      const res = await app.inject({ method: 'GET', url: `/children/${id}/flags`, headers: bearer(role) })
      if (res.statusCode === 200) seen.push(id)
    }
    t.same(seen, visible[role], role)
    leaks += seen.filter((id) => !visible[role].includes(id)).length
  }
  t.comment(`${children.length} children × ${ROLES.length} roles; ${leaks} leaks`)
})
