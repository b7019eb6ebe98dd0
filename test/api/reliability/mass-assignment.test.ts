/**
 * RELIABILITY A6 (mass assignment) and I5 (prototype pollution), over the
 * production wiring and a test database: unknown keys, duplicate keys,
 * `__proto__` and `constructor.prototype`, at the top level and nested, in
 * NDJSON and JSON-array bodies and in query strings. Each is a 400
 * problem+json naming the path; nothing is written; no prototype changes.
 */
import t from 'tap'
import { sql } from 'kysely'
import type { Kysely } from 'kysely'
import type { Database } from '../../../storage/database/database'
import { bearer, buildStoredApp } from '../helper'

/** A valid new child, as text, so that raw (duplicate, `__proto__`) keys can be spliced in. */
const validChild = (sourceId: string): string =>
  `"kind":"child","source":"social_care","sourceId":"${sourceId}","subject":{"childId":"C9300001"},` +
  `"recordedAt":"2026-11-24T09:30:00Z","childId":"C9300001","dateOfBirth":"2014-01-01","sex":"F","locality":"Harbourside"`

interface Variant {
  readonly name: string
  /** The object text of one fact. */
  readonly text: string
  /** The path the problem must name. */
  readonly path: string
}

const withSubject = (extra: string): string => validChild('MA-1').replace('"subject":{"childId":"C9300001"}', `"subject":{"childId":"C9300001",${extra}}`)

const BODY_VARIANTS: readonly Variant[] = [
  { name: 'unknown key at the top level', text: `{${validChild('MA-1')},"role":"admin"}`, path: 'role' },
  { name: 'unknown key nested in subject', text: `{${withSubject('"isAdmin":true')}}`, path: 'subject.isAdmin' },
  { name: 'duplicate key at the top level', text: `{${validChild('MA-1')},"locality":"Elsewhere"}`, path: 'locality' },
  { name: 'duplicate key nested', text: `{${withSubject('"childId":"C9300002"')}}`, path: 'subject.childId' },
  { name: '__proto__ at the top level', text: `{${validChild('MA-1')},"__proto__":{"polluted":"yes"}}`, path: '__proto__' },
  { name: '__proto__ nested', text: `{${withSubject('"__proto__":{"polluted":"yes"}')}}`, path: 'subject.__proto__' },
  { name: 'constructor.prototype at the top level', text: `{${validChild('MA-1')},"constructor":{"prototype":{"polluted":"yes"}}}`, path: 'constructor' },
  { name: 'constructor.prototype nested', text: `{${withSubject('"constructor":{"prototype":{"polluted":"yes"}}')}}`, path: 'subject.constructor' },
]

const QUERY_VARIANTS: readonly { readonly url: string; readonly path: string }[] = [
  { url: '/cohorts/missing-pilot?role=admin', path: 'role' },
  { url: '/cohorts/missing-pilot?__proto__=x', path: '__proto__' },
  // The query parser keeps brackets in the key, and a key that is not a plain field name is not echoed.
  { url: '/cohorts/missing-pilot?__proto__[polluted]=yes', path: '[key withheld]' },
  { url: '/cohorts/missing-pilot?constructor[prototype][polluted]=yes', path: '[key withheld]' },
  { url: '/cohorts/missing-pilot?locality=North&locality=South', path: 'locality' },
  { url: '/children/C9100002/flags?asOf=2026-11-24&asOf=2026-11-23', path: 'asOf' },
  { url: '/children/C9100002/flags?constructor=x', path: 'constructor' },
  { url: '/children?upn=x&upn=y', path: 'upn' },
]

const counts = async (db: Kysely<Database>) =>
  (await sql<{ facts: number; children: number }>`
    SELECT (SELECT count(*)::int FROM fact_version) AS facts, (SELECT count(*)::int FROM child) AS children
  `.execute(db)).rows[0]

interface Problem {
  readonly type?: string
  readonly errors?: readonly { readonly path?: string; readonly line?: number }[]
}

const isProblemJson = (contentType: unknown): boolean => typeof contentType === 'string' && contentType.startsWith('application/problem+json')

t.test('A6/I5 bodies: unknown, duplicate, __proto__ and constructor keys are refused with their path; nothing is written', async (t) => {
  const { app, db } = await buildStoredApp(t)
  const before = await counts(db)
  let accepted = 0
  let variants = 0
  for (const variant of BODY_VARIANTS) {
    const bodies = [
      { format: 'NDJSON', contentType: 'application/x-ndjson', payload: `{${validChild('MA-0')}}\n${variant.text}\n`, line: 2 },
      { format: 'JSON array', contentType: 'application/json', payload: `[{${validChild('MA-0')}},${variant.text}]`, line: 2 },
    ]
    for (const body of bodies) {
      variants += 1
      const res = await app.inject({ method: 'POST', url: '/facts', payload: body.payload, headers: { ...bearer('ingest'), 'content-type': body.contentType } })
      if (res.statusCode === 200) accepted += 1
      t.equal(res.statusCode, 400, `${body.format}: ${variant.name}`)
      t.ok(isProblemJson(res.headers['content-type']), 'problem+json')
      const problem = res.json() as Problem
      t.ok(problem.errors?.some((e) => e.path === variant.path && e.line === body.line), `names ${variant.path} on line ${body.line}: ${JSON.stringify(problem.errors)}`)
    }
  }
  t.same(await counts(db), before, 'no fact and no child was written')
  const unmatched = await app.inject({ method: 'GET', url: '/unmatched', headers: bearer('admin') })
  t.same((unmatched.json() as { facts: unknown[] }).facts, [], 'nothing waits unmatched either')
  t.equal(({} as Record<string, unknown>)['polluted'], undefined, 'Object.prototype untouched')
  t.equal(accepted, 0)
  t.comment(`A6/I5 bodies: ${variants} variants, ${accepted} accepted, ${({} as Record<string, unknown>)['polluted'] === undefined ? 0 : 1} polluted`)
})

t.test('A6/I5 query strings: unknown, duplicate, __proto__ and constructor parameters are refused with their path', async (t) => {
  const { app, db } = await buildStoredApp(t)
  let accepted = 0
  for (const variant of QUERY_VARIANTS) {
    const res = await app.inject({ method: 'GET', url: variant.url, headers: bearer('mash') })
    if (res.statusCode === 200) accepted += 1
    t.equal(res.statusCode, 400, variant.url)
    t.ok(isProblemJson(res.headers['content-type']), 'problem+json')
    const problem = res.json() as Problem
    t.ok(problem.errors?.some((e) => e.path === variant.path), `names ${variant.path}: ${JSON.stringify(problem.errors)}`)
  }
  const audited = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_event WHERE outcome = 'ok'`.execute(db)
  t.equal(audited.rows[0]?.n, 0, 'no refused query released child data')
  t.equal(({} as Record<string, unknown>)['polluted'], undefined, 'Object.prototype untouched')
  t.equal(accepted, 0)
  t.comment(`A6/I5 query strings: ${QUERY_VARIANTS.length} variants, ${accepted} accepted, ${({} as Record<string, unknown>)['polluted'] === undefined ? 0 : 1} polluted`)
})
