/**
 * RELIABILITY L2: a seeded random mix of reads by every role (and by no
 * token), including 404s, cohort pages and CSV, over the canary city. Each
 * child-level answer adds exactly one audit entry, naming who, role, route
 * pattern, children and outcome; refusals are recorded; answers that carry
 * no child (rules) add none.
 */
import t from 'tap'
import fc from 'fast-check'
import type { Role } from '../../../api/auth/roles'
import { ROLES } from '../../../api/auth/roles'
import { CANARIES, UNKNOWN_CHILD, childIdOf } from '../fixtures/canary-city'
import { bearer, buildCityApp } from '../helper'
import { fcSeed } from './support'
import { upnCheckLetter } from '../../../engine/facts/identifiers/upn'

const REQUESTS = 60
/** A well-formed UPN that no canary child holds. */
const UNKNOWN_UPN = `${upnCheckLetter('938201199999')}938201199999`
const KNOWN = [1, 2, 3, 4, 5].map((n) => childIdOf(n as 1))
const CHILD_READERS: readonly Role[] = ['mash', 'missing_pilot', 'virtual_school']
/** Who sees which child individually today (fixtures/canary-city.ts). */
const VISIBLE: Readonly<Record<string, readonly string[]>> = {
  mash: KNOWN,
  missing_pilot: [childIdOf(2)],
  virtual_school: [childIdOf(3)],
}
const COHORTS: Readonly<Record<string, readonly string[]>> = {
  mash: ['missing-pilot', 'exploitation', 'lac-attendance', 'first-time-entrants'],
  missing_pilot: ['missing-pilot', 'exploitation'],
  virtual_school: ['lac-attendance'],
  yot_analyst: ['first-time-entrants'],
}

interface Expected {
  readonly status: number
  /** undefined: no audit entry. */
  readonly outcome?: 'ok' | 'not_found' | 'denied' | 'unauthenticated'
  readonly route: string
  readonly childIds?: readonly string[]
  readonly cohort?: string | null
}

type Call =
  | { readonly kind: 'child'; readonly what: 'flags' | 'chronology'; readonly childId: string }
  | { readonly kind: 'cohort'; readonly name: string; readonly csv: boolean }
  | { readonly kind: 'lookup'; readonly childId: string }
  | { readonly kind: 'rules' }

const call: fc.Arbitrary<Call> = fc.oneof(
  fc.record({ kind: fc.constant('child' as const), what: fc.constantFrom('flags' as const, 'chronology' as const), childId: fc.constantFrom(...KNOWN, UNKNOWN_CHILD) }),
  fc.record({ kind: fc.constant('cohort' as const), name: fc.constantFrom('missing-pilot', 'exploitation', 'lac-attendance', 'first-time-entrants', 'no-such-cohort'), csv: fc.boolean() }),
  fc.record({ kind: fc.constant('lookup' as const), childId: fc.constantFrom(childIdOf(1), childIdOf(3), UNKNOWN_CHILD) }),
  fc.constant({ kind: 'rules' as const }),
)

const who = fc.option(fc.constantFrom(...ROLES), { freq: 7 })

/** The model: what each call by each principal must answer and audit. */
const expectedOf = (role: Role | null, c: Call, upnOf: (childId: string) => string): Expected => {
  if (c.kind === 'rules') return { status: role === null ? 401 : 200, route: '/rules' }
  if (c.kind === 'child') {
    const route = `/children/:childId/${c.what}`
    if (role === null) return { status: 401, outcome: 'unauthenticated', route, childIds: [] }
    if (!CHILD_READERS.includes(role)) return { status: 404, outcome: 'denied', route, childIds: [c.childId] }
    if (!KNOWN.includes(c.childId)) return { status: 404, outcome: 'not_found', route, childIds: [c.childId] }
    const visible = VISIBLE[role]?.includes(c.childId) === true
    return { status: visible ? 200 : 404, outcome: visible ? 'ok' : 'denied', route, childIds: [c.childId] }
  }
  if (c.kind === 'lookup') {
    const route = '/children'
    if (role === null) return { status: 401, outcome: 'unauthenticated', route, childIds: [] }
    if (role !== 'mash') return { status: 404, outcome: 'denied', route, childIds: [] }
    const known = upnOf(c.childId) !== ''
    return { status: 200, outcome: known ? 'ok' : 'not_found', route, childIds: known ? [c.childId] : [] }
  }
  const route = '/cohorts/:name'
  if (role === null) return { status: 401, outcome: 'unauthenticated', route, childIds: [] }
  const reads = COHORTS[role]
  if (reads === undefined) return { status: 404, outcome: 'denied', route, childIds: [], cohort: c.name }
  if (role === 'mash' && c.name === 'no-such-cohort') return { status: 404, outcome: 'not_found', route, childIds: [], cohort: c.name }
  if (!reads.includes(c.name)) return { status: 404, outcome: 'denied', route, childIds: [], cohort: c.name }
  // childIds of an ok cohort page are checked against the page itself.
  return { status: 200, outcome: 'ok', route, cohort: c.name }
}

t.test('L2 audit completeness: one entry per child-level answer, naming who, role, route, children, outcome', async (t) => {
  const { app, audit } = await buildCityApp()
  t.teardown(() => app.close())
  const upnOf = (childId: string): string => CANARIES.find((c) => c.childId === childId)?.upn ?? ''
  const seed = fcSeed()
  t.comment(`L2 seed ${seed}`)
  const plan = fc.sample(fc.tuple(who, call), { seed, numRuns: REQUESTS })
  let expectedRows = 0
  let missing = 0
  let extra = 0
  let wrong = 0
  const outcomes = new Map<string, number>()
  for (const [role, c] of plan) {
    const expected = expectedOf(role, c, upnOf)
    const url =
      c.kind === 'rules' ? '/rules'
      : c.kind === 'child' ? `/children/${c.childId}/${c.what}`
      : c.kind === 'lookup' ? `/children?upn=${upnOf(c.childId) || UNKNOWN_UPN}`
      : `/cohorts/${c.name}${c.name === 'first-time-entrants' ? '?from=2025-12-01&to=2026-11-24' : ''}`
    const sub = role === null ? null : `l2-${role}`
    const headers = {
      ...(role === null ? {} : bearer(role, { sub: sub ?? '' })),
      ...(c.kind === 'cohort' && c.csv ? { accept: 'text/csv' } : {}),
    }
    const before = audit.length
    const res = await app.inject({ method: 'GET', url, headers })
    const added = audit.slice(before)
    const label = `${role ?? '(no token)'} GET ${url}${'accept' in headers ? ' (CSV)' : ''}`
    t.equal(res.statusCode, expected.status, `${label}: status`)
    if (expected.outcome === undefined) {
      extra += added.length
      t.equal(added.length, 0, `${label}: no audit entry`)
      continue
    }
    expectedRows += 1
    if (added.length === 0) missing += 1
    if (added.length > 1) extra += added.length - 1
    t.equal(added.length, 1, `${label}: exactly one audit entry`)
    const entry = added[0]
    if (entry === undefined) continue
    outcomes.set(entry.outcome, (outcomes.get(entry.outcome) ?? 0) + 1)
    const pageIds =
      res.statusCode === 200 && c.kind === 'cohort' && !('accept' in headers) && role !== 'yot_analyst'
        ? (res.json() as { rows: { childId: string }[] }).rows.map((r) => r.childId)
        : undefined
    const matches =
      entry.sub === sub &&
      entry.role === role &&
      entry.method === 'GET' &&
      entry.route === expected.route &&
      entry.outcome === expected.outcome &&
      (expected.childIds === undefined || JSON.stringify(entry.childIds) === JSON.stringify(expected.childIds)) &&
      (pageIds === undefined || pageIds.every((id) => entry.childIds.includes(id))) &&
      (expected.cohort === undefined || entry.cohort === expected.cohort) &&
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(entry.occurredAt)
    if (!matches) wrong += 1
    t.ok(matches, `${label}: entry ${JSON.stringify({ ...entry, requestId: undefined })} matches ${JSON.stringify(expected)}`)
  }
  t.equal(missing, 0)
  t.equal(extra, 0)
  t.equal(wrong, 0)
  t.ok((outcomes.get('denied') ?? 0) > 0, 'denials were exercised and recorded')
  t.comment(`L2: ${REQUESTS} requests, ${expectedRows} child-level, ${audit.length} rows, ${missing} missing, ${extra} extra, ${wrong} wrong; outcomes ${JSON.stringify(Object.fromEntries(outcomes))}`)
})
