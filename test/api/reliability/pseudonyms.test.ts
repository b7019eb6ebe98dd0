/**
 * RELIABILITY A8: the pseudonyms of the analysts' first-time-entrants export
 * are stable under one key, different under another (EW_PSEUDONYM_KEY), and
 * never equal a childId or an agency identifier, so they join to no `child`
 * or `child_identifier` row.
 */
import t from 'tap'
import { sql } from 'kysely'
import { CANARIES, CANARY_FACTS } from '../fixtures/canary-city'
import { bearer, buildStoredApp } from '../helper'
import { storedAppWithKey } from './support'

const OTHER_KEY = 'another-deployment-pseudonym-key-32-bytes!'
const URL = '/cohorts/first-time-entrants?from=2025-12-01&to=2026-11-24'

/** Four more synthetic first-time entrants, so the export has more than one row. */
const extraEntrants: readonly string[] = [1, 2, 3, 4].flatMap((n) => {
  const childId = `C930000${n}`
  const envelope = { subject: { childId }, recordedAt: '2026-11-24T09:00:00Z' }
  return [
    JSON.stringify({ kind: 'child', source: 'social_care', sourceId: `PSN-C-${n}`, ...envelope, childId, dateOfBirth: `2011-0${n}-15`, sex: 'M', locality: 'Harbourside' }),
    JSON.stringify({ kind: 'youth_justice_outcome', source: 'youth_justice', sourceId: `PSN-Y-${n}`, ...envelope, occurredOn: `2026-0${n + 2}-10`, outcome: 'youth_caution', offenceCategory: 'theft' }),
  ]
})

const pseudonymsOf = (body: string): string[] => ((JSON.parse(body) as { rows: { pseudonym: string }[] }).rows.map((r) => r.pseudonym)).sort()

t.test('A8 pseudonyms: stable within a key, unlinkable across keys, joining to nothing', async (t) => {
  const { app, db } = await buildStoredApp(t, { facts: [...CANARY_FACTS, ...extraEntrants] })
  const first = await app.inject({ method: 'GET', url: URL, headers: bearer('yot_analyst') })
  t.equal(first.statusCode, 200)
  const once = pseudonymsOf(first.body)
  t.equal(once.length, 5, 'five first-time entrants')
  t.equal(new Set(once).size, once.length, 'one pseudonym per child')
  const twice = pseudonymsOf((await app.inject({ method: 'GET', url: URL, headers: bearer('yot_analyst') })).body)
  t.same(twice, once, 'the same pseudonyms on a second export')

  const other = await storedAppWithKey(t, db, OTHER_KEY)
  const otherRes = await other.inject({ method: 'GET', url: URL, headers: bearer('yot_analyst') })
  t.equal(otherRes.statusCode, 200)
  const underOtherKey = pseudonymsOf(otherRes.body)
  t.equal(underOtherKey.length, once.length)
  const shared = underOtherKey.filter((p) => once.includes(p))
  t.same(shared, [], 'no pseudonym survives a change of key')

  const agencyValues = CANARIES.flatMap((c) => [c.childId, c.upn, c.nhsNumber, c.policeId])
  const all = [...once, ...underOtherKey]
  const equalToAgencyValue = all.filter((p) => agencyValues.includes(p) || /^C93/.test(p))
  t.same(equalToAgencyValue, [], 'no pseudonym is a childId or an agency identifier')
  const joins = await sql<{ n: number }>`
    SELECT (SELECT count(*)::int FROM child WHERE child_id = ANY(${all}::text[]))
         + (SELECT count(*)::int FROM child_identifier WHERE value = ANY(${all}::text[]) OR child_id = ANY(${all}::text[])) AS n
  `.execute(db)
  t.equal(joins.rows[0]?.n, 0, 'no join to child or child_identifier')
  t.notOk(CANARIES.some((c) => first.body.includes(c.childId) || first.body.includes(c.upn)), 'the export carries no childId or UPN')
  t.comment(`A8: ${once.length} pseudonyms, stable ${twice.join() === once.join() ? 'yes' : 'no'}, ${shared.length} shared across keys, ${joins.rows[0]?.n ?? '?'} joins`)
})
