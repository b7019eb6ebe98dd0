/**
 * The cohort definition codec (engine/rule-set/cohort-definition.ts). Kept with
 * the cohort tests because the cohort engineer owns the codec.
 */
import t from 'tap'
import * as E from 'fp-ts/Either'
import { CohortDefinition, isFirstTimeEntrantMembers } from '../../../engine/rule-set/cohort-definition'

const base = {
  name: 'example-cohort',
  title: 'Example',
  description: 'An example cohort.',
  members: { rule: 'MISSING_REPEAT' },
  columns: ['openEpisode'],
  order: [{ by: 'score', direction: 'desc' }],
}

const fte = {
  firstTimeEntrant: { formalOutcomes: ['youth_caution', 'referral_order'], minAge: 10, maxAge: 17 },
}

const errorsOf = (u: unknown): readonly string[] => {
  const r = CohortDefinition.decode(u)
  return E.isRight(r)
    ? []
    : r.left.map((e) => `${e.context.map((c) => c.key).filter((k) => k !== '').join('.')}: ${e.message ?? e.context.at(-1)?.type.name}`)
}

t.test('a definition with a condition, and one with the first-time-entrant primitive, decode', async (t) => {
  t.same(errorsOf(base), [])
  const decoded = CohortDefinition.decode({ ...base, members: fte, requiresRange: true, columns: ['fteDate'] })
  t.ok(E.isRight(decoded))
  t.ok(E.isRight(decoded) && isFirstTimeEntrantMembers(decoded.right.members), 'the primitive is recognised')
  t.ok(
    E.isRight(CohortDefinition.decode(base)) &&
      !isFirstTimeEntrantMembers((CohortDefinition.decode(base) as E.Right<CohortDefinition>).right.members),
  )
})

t.test('unknown column names and sort keys are errors at their path', async (t) => {
  t.match(errorsOf({ ...base, columns: ['openEpisode', 'shoeSize'] }), [/^columns\.1: a cohort column/])
  t.match(errorsOf({ ...base, order: [{ by: 'shoeSize', direction: 'asc' }] }), [/^order\.0\.by: a sort key/])
  t.match(errorsOf({ ...base, order: [{ by: 'childId', direction: 'up' }] }), [/^order\.0\.direction: a direction/])
})

t.test('unknown fields are errors, not silently dropped', async (t) => {
  t.match(errorsOf({ ...base, colums: [] }), [/^colums: no such field/])
  t.match(errorsOf({ ...base, members: { firstTimeEntrant: { ...fte.firstTimeEntrant, maxage: 17 } }, requiresRange: true }), [
    /^members\.firstTimeEntrant\.maxage: no such field/,
  ])
})

t.test('members that are neither a condition nor the primitive are refused', async (t) => {
  t.ok(errorsOf({ ...base, members: { rulez: 'X' } }).length > 0)
  t.ok(errorsOf({ ...base, members: { firstTimeEntrant: { ...fte.firstTimeEntrant, formalOutcomes: ['warning'] } }, requiresRange: true }).length > 0)
  t.ok(errorsOf({ ...base, members: { firstTimeEntrant: { ...fte.firstTimeEntrant, minAge: 18 } }, requiresRange: true }).length > 0, 'minAge above maxAge')
})

t.test('first-time-entrant members need requiresRange: true', async (t) => {
  t.match(errorsOf({ ...base, members: fte }), [/^requiresRange: true, since firstTimeEntrant/])
  t.match(errorsOf({ ...base, members: fte, requiresRange: false }), [/^requiresRange:/])
})

t.test('cohort names are URL-safe kebab case', async (t) => {
  for (const name of ['missing-pilot', 'lac-attendance', 'a1']) t.same(errorsOf({ ...base, name }), [], name)
  for (const name of ['', 'Missing', 'a b', 'a/b', '-a', 'a-']) t.ok(errorsOf({ ...base, name }).length > 0, JSON.stringify(name))
})
