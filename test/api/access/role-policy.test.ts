/**
 * RELIABILITY A4, field-level exposure: every key of every answer each role
 * gets (flags, chronology, cohorts as JSON and CSV, lookups) against the
 * role's allow-list, and no value a role may not see (names, dates of birth,
 * agency identifiers, childIds behind pseudonyms). Then the filtering
 * functions as properties over random flags.
 */
import t from 'tap'
import fc from 'fast-check'
import type { Role } from '../../../api/auth/roles'
import { ROLES } from '../../../api/auth/roles'
import { ROLE_POLICIES } from '../../../api/access/role-policy'
import { flagsDocumentFor } from '../../../api/access/flag-view'
import { COHORT_COLUMN_NAMES } from '../../../engine/cohorts/column-names'
import type { ChildEvaluation, Evidence, RuleCategory, Tier } from '../../../engine/evaluate/evaluation'
import { RULE_CATEGORIES } from '../../../engine/rule-set/rule'
import { CATEGORY_OF_KIND, DETAIL_FIELDS } from '../../../api/access/chronology-view'
import { bearer, buildCityApp } from '../helper'
import { CANARIES, childIdOf } from '../fixtures/canary-city'

/** Every key path in a JSON value, array indices collapsed to `[]`. */
const keyPaths = (value: unknown, prefix = ''): string[] => {
  if (Array.isArray(value)) return value.flatMap((v) => keyPaths(v, `${prefix}[]`))
  if (typeof value !== 'object' || value === null) return []
  return Object.entries(value).flatMap(([k, v]) => [`${prefix}.${k}`, ...keyPaths(v, `${prefix}.${k}`)])
}

const evidenceKeys = ['kind', 'source', 'sourceId', 'date', 'grading', 'handlingCode']
const flagsAllowed = (role: Role): ReadonlySet<string> =>
  new Set([
    '.childId', '.asOf', '.ruleSet', '.ruleSet.id', '.ruleSet.version', '.ruleSet.hash', '.score', '.tier', '.flags',
    ...['id', 'title', 'category', 'weight', 'explanation', 'evidence', 'since'].map((k) => `.flags[].${k}`),
    ...[...evidenceKeys, ...(role === 'mash' ? [] : ['restricted'])].map((k) => `.flags[].evidence[].${k}`),
  ])

const chronologyAllowed = (role: Role): ReadonlySet<string> => {
  const kinds = role === 'virtual_school' ? (['attendance', 'exclusion', 'education_status'] as const) : (Object.keys(DETAIL_FIELDS) as (keyof typeof DETAIL_FIELDS)[])
  const details = kinds.flatMap((k) => DETAIL_FIELDS[k])
  return new Set([
    '.childId', '.entries',
    ...['date', 'kind', 'source', 'sourceId', 'recordedAt', 'details', ...(role === 'mash' ? [] : ['restricted'])].map((k) => `.entries[].${k}`),
    ...details.map((k) => `.entries[].details.${k}`),
    ...['offeredAt', 'completedAt', 'declinedAt'].map((k) => `.entries[].details.returnInterview.${k}`),
  ])
}

const cohortAllowed = (role: Role): ReadonlySet<string> => {
  const who = role === 'yot_analyst' ? ['pseudonym'] : ['childId', 'givenName', 'familyName']
  return new Set([
    '.cohort', '.asOf', '.rows', '.nextCursor',
    ...[...who, 'age', 'sex', 'locality', 'score', 'tier', 'flags', ...COHORT_COLUMN_NAMES].map((k) => `.rows[].${k}`),
  ])
}

const COHORTS: Readonly<Record<Role, readonly string[]>> = {
  mash: ['missing-pilot', 'lac-attendance', 'exploitation', 'first-time-entrants?from=2025-12-01&to=2026-11-24'],
  missing_pilot: ['missing-pilot', 'exploitation'],
  virtual_school: ['lac-attendance'],
  yot_analyst: ['first-time-entrants?from=2025-12-01&to=2026-11-24'],
  ingest: [],
  admin: [],
}

const CHILDREN: Readonly<Record<Role, readonly string[]>> = {
  mash: CANARIES.map((c) => c.childId),
  missing_pilot: [childIdOf(2)],
  virtual_school: [childIdOf(3)],
  yot_analyst: [],
  ingest: [],
  admin: [],
}

/** Values no role but MASH may receive: dates of birth and agency identifiers. */
const identifying = CANARIES.flatMap((c) => [c.dateOfBirth, c.upn, c.nhsNumber, c.policeId])
const names = CANARIES.flatMap((c) => [c.givenName, c.familyName])

t.test('every key each role receives is on its allow-list, and no value it may not see', async (t) => {
  const { app } = await buildCityApp()
  t.teardown(() => app.close())
  let responses = 0
  const outside: string[] = []
  const leaked: string[] = []
  const check = (role: Role, what: string, body: string, allowed: ReadonlySet<string>): void => {
    responses += 1
    for (const path of keyPaths(JSON.parse(body))) if (!allowed.has(path)) outside.push(`${role} ${what}: ${path}`)
    if (role !== 'mash') for (const v of identifying) if (body.includes(v)) leaked.push(`${role} ${what}: an identifier or date of birth`)
    if (role === 'yot_analyst') {
      for (const v of [...names, ...CANARIES.map((c) => c.childId)]) if (body.includes(v)) leaked.push(`${role} ${what}: a name or childId`)
    }
  }
  for (const role of ROLES) {
    for (const id of CHILDREN[role]) {
      const flags = await app.inject({ method: 'GET', url: `/children/${id}/flags`, headers: bearer(role) })
      t.equal(flags.statusCode, 200)
      check(role, `flags ${id}`, flags.body, flagsAllowed(role))
      if (role === 'virtual_school') {
        const categories = (flags.json() as { flags: { category: string }[] }).flags.map((f) => f.category)
        if (categories.some((c) => c !== 'education')) outside.push(`${role} flags ${id}: a non-education flag`)
      }
      const chronology = await app.inject({ method: 'GET', url: `/children/${id}/chronology`, headers: bearer(role) })
      check(role, `chronology ${id}`, chronology.body, chronologyAllowed(role))
    }
    for (const cohort of COHORTS[role]) {
      const json = await app.inject({ method: 'GET', url: `/cohorts/${cohort}`, headers: bearer(role) })
      t.equal(json.statusCode, 200, `${role} ${cohort}`)
      check(role, `cohort ${cohort}`, json.body, cohortAllowed(role))
      const csv = await app.inject({ method: 'GET', url: `/cohorts/${cohort}`, headers: { ...bearer(role), accept: 'text/csv' } })
      const header = csv.body.split('\r\n')[0] ?? ''
      responses += 1
      for (const column of header.split(',')) if (!cohortAllowed(role).has(`.rows[].${column}`)) outside.push(`${role} csv ${cohort}: ${column}`)
      if (role !== 'mash') for (const v of identifying) if (csv.body.includes(v)) leaked.push(`${role} csv ${cohort}`)
      if (role === 'yot_analyst') for (const v of [...names, ...CANARIES.map((c) => c.childId)]) if (csv.body.includes(v)) leaked.push(`${role} csv`)
    }
  }
  t.same(outside, [], 'no field outside the allow-lists')
  t.same(leaked, [], 'no value outside what the role may see')
  t.comment(`${responses} responses checked, ${outside.length} fields outside allow-list`)
})

// Handling codes come with intelligence only, as the engine writes evidence.
const evidenceArb: fc.Arbitrary<Evidence> = fc.oneof(
  fc.record({
    kind: fc.constant('drug_intelligence' as const),
    source: fc.constant('police'),
    sourceId: fc.string({ minLength: 1, maxLength: 6 }),
    date: fc.constant('2026-01-01'),
    handlingCode: fc.constantFrom('P' as const, 'C' as const),
  }),
  fc.record({
    kind: fc.constantFrom('missing_episode' as const, 'attendance' as const, 'care_period' as const, 'child' as const),
    source: fc.constantFrom('police', 'education', 'social_care'),
    sourceId: fc.string({ minLength: 1, maxLength: 6 }),
    date: fc.constant('2026-01-01'),
  }),
)

const evaluationArb: fc.Arbitrary<ChildEvaluation> = fc
  .array(
    fc.record({
      id: fc.string({ minLength: 1, maxLength: 8 }),
      category: fc.constantFrom(...(RULE_CATEGORIES as RuleCategory[])),
      weight: fc.integer({ min: 0, max: 5 }),
      evidence: fc.array(evidenceArb, { maxLength: 4 }),
    }),
    { maxLength: 8 },
  )
  .map((flags) => ({
    childId: 'C1',
    asOf: '2026-11-24',
    ruleSet: { id: 'r', version: '1', hash: 'h' },
    score: flags.reduce((s, f) => s + f.weight, 0),
    tier: 'none' as const,
    flags: flags.map((f) => ({ ...f, title: f.id, explanation: 'x' })),
    outcomes: [],
  }))

t.test('property: a role gets only its categories, evidence of their kinds only, no C-coded evidence unless MASH, and the score of what it sees', async (t) => {
  const tierOf = (score: number): Tier => (score >= 10 ? 'high' : score >= 5 ? 'medium' : score >= 1 ? 'low' : 'none')
  fc.assert(
    fc.property(evaluationArb, fc.constantFrom(...ROLES), (evaluation, role) => {
      const policy = ROLE_POLICIES[role]
      const doc = flagsDocumentFor(policy, evaluation, tierOf)
      const categoriesOk = doc.flags.every((f) => policy.categories === 'all' || policy.categories.includes(f.category))
      const evidence = doc.flags.flatMap((f) => f.evidence)
      const restrictedOk = role === 'mash' || evidence.every((e) => !('handlingCode' in e) || e.handlingCode !== 'C')
      const kindsOk = evidence.every((e) => e.kind === 'child' || policy.categories === 'all' || policy.categories.includes(CATEGORY_OF_KIND[e.kind]))
      const scoreOk = doc.score === doc.flags.reduce((s, f) => s + f.weight, 0)
      const nothingDropped = policy.categories !== 'all' || doc.flags.length === evaluation.flags.length
      return categoriesOk && kindsOk && restrictedOk && scoreOk && nothingDropped
    }),
    { numRuns: 500 },
  )
  t.pass('500 random evaluations × roles')
})
