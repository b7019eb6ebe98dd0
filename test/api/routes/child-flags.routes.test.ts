/** `GET /children/:childId/flags`: who sees which child, and what of it (SPEC §1, §3). */
import t from 'tap'
import { bearer, buildCityApp } from '../helper'
import { UNKNOWN_CHILD, childIdOf } from '../fixtures/canary-city'

t.test('MASH sees every flag of a child with full evidence', async (t) => {
  const { app, audit } = await buildCityApp()
  t.teardown(() => app.close())
  const res = await app.inject({ method: 'GET', url: `/children/${childIdOf(2)}/flags`, headers: bearer('mash') })
  t.equal(res.statusCode, 200)
  t.equal(res.headers['cache-control'], 'no-store')
  const doc = res.json() as { childId: string; asOf: string; flags: { id: string; evidence: Record<string, unknown>[] }[] }
  t.equal(doc.childId, childIdOf(2))
  t.equal(doc.asOf, '2026-11-24', 'asOf defaults to today in London')
  const ids = doc.flags.map((f) => f.id)
  t.ok(ids.includes('MISSING_ONGOING') && ids.includes('MISSING_REPEAT') && ids.includes('COUNTY_LINES'), ids.join(','))
  const intelligence = doc.flags.flatMap((f) => f.evidence).filter((e) => e['kind'] === 'drug_intelligence')
  t.ok(intelligence.some((e) => e['handlingCode'] === 'C' && e['grading'] === 'R/B'), 'C-coded intelligence shown to MASH')
  t.equal(audit.length, 1)
  t.match(audit[0], { outcome: 'ok', childIds: [childIdOf(2)], role: 'mash', route: '/children/:childId/flags' })
})

t.test('the pilot team sees C-coded intelligence only as restricted', async (t) => {
  const { app } = await buildCityApp()
  t.teardown(() => app.close())
  const res = await app.inject({ method: 'GET', url: `/children/${childIdOf(2)}/flags`, headers: bearer('missing_pilot') })
  t.equal(res.statusCode, 200)
  const evidence = (res.json() as { flags: { evidence: Record<string, unknown>[] }[] }).flags.flatMap((f) => f.evidence)
  t.notOk(evidence.some((e) => e['handlingCode'] === 'C'), 'no C-coded evidence')
  t.ok(evidence.some((e) => e['restricted'] === true && e['kind'] === 'drug_intelligence' && Object.keys(e).length === 2))
  t.ok(evidence.some((e) => e['handlingCode'] === 'P'), 'P-coded intelligence still shown')
  t.notOk(res.body.includes('R/B'), 'nothing of the restricted record')
})

t.test('the Virtual School sees education flags only, and a score of those', async (t) => {
  const { app } = await buildCityApp()
  t.teardown(() => app.close())
  const mash = (await app.inject({ method: 'GET', url: `/children/${childIdOf(3)}/flags`, headers: bearer('mash') })).json() as {
    score: number
    flags: { category: string }[]
  }
  t.ok(mash.flags.some((f) => f.category === 'domestic_abuse'), 'MASH sees the domestic abuse flag')
  const res = await app.inject({ method: 'GET', url: `/children/${childIdOf(3)}/flags`, headers: bearer('virtual_school') })
  t.equal(res.statusCode, 200)
  const doc = res.json() as { score: number; tier: string; flags: { id: string; category: string; weight: number; explanation: string; evidence: { kind: string }[] }[] }
  t.ok(doc.flags.length > 0)
  t.ok(doc.flags.every((f) => f.category === 'education'))
  t.ok(doc.flags.some((f) => f.id === 'LAC_ATTENDANCE'), 'the looked-after attendance alert')
  t.same(
    [...new Set(doc.flags.flatMap((f) => f.evidence.map((e) => e.kind)))].filter((k) => !['attendance', 'exclusion', 'education_status'].includes(k)),
    [],
    'education facts only in the evidence: not the care period',
  )
  t.notOk(res.body.includes('2025-05-01'), 'nor the care period’s start, in the evidence or the explanation')
  t.match(doc.flags.find((f) => f.id === 'LAC_ATTENDANCE'), { explanation: /^1 care period open on 2026-11-24 and Persistent absence/ })
  t.equal(doc.score, doc.flags.reduce((s, f) => s + f.weight, 0), 'score of the flags shown')
  t.ok(doc.score < mash.score)
})

t.test('scope is decided on today, whatever asOf asks', async (t) => {
  const { app, audit } = await buildCityApp()
  t.teardown(() => app.close())
  const leaver = await app.inject({ method: 'GET', url: `/children/${childIdOf(4)}/flags?asOf=2025-03-14`, headers: bearer('virtual_school') })
  t.equal(leaver.statusCode, 404, 'a care leaver does not exist for the Virtual School, even asked about last year')
  const asked = await app.inject({ method: 'GET', url: `/children/${childIdOf(3)}/flags?asOf=2026-01-05`, headers: bearer('virtual_school') })
  t.equal(asked.statusCode, 200)
  t.equal((asked.json() as { asOf: string }).asOf, '2026-01-05')
  t.match(audit, [{ outcome: 'denied', childIds: [childIdOf(4)] }, { outcome: 'ok', childIds: [childIdOf(3)] }])
})

t.test('an out-of-scope child and an unknown child get the same 404, apart from the request id', async (t) => {
  const { app, audit } = await buildCityApp()
  t.teardown(() => app.close())
  const denied = await app.inject({ method: 'GET', url: `/children/${childIdOf(1)}/flags`, headers: bearer('missing_pilot') })
  const unknown = await app.inject({ method: 'GET', url: `/children/${UNKNOWN_CHILD}/flags`, headers: bearer('missing_pilot') })
  t.equal(denied.statusCode, 404)
  t.equal(unknown.statusCode, 404)
  const strip = (body: string) => body.replace(/"instance":"[^"]+"/, '')
  t.equal(strip(denied.body), strip(unknown.body))
  const headers = (h: Record<string, unknown>) => {
    const { date: _d, ...rest } = h
    return rest
  }
  t.same(headers(denied.headers), headers(unknown.headers))
  t.match(audit, [{ outcome: 'denied', childIds: [childIdOf(1)] }, { outcome: 'not_found', childIds: [UNKNOWN_CHILD] }])
})

t.test('the earliest and latest dates asOf may be are answered, not a 500', async (t) => {
  const { app } = await buildCityApp()
  t.teardown(() => app.close())
  for (const asOf of ['1900-01-01', '1900-06-01', '2199-12-31']) {
    const res = await app.inject({ method: 'GET', url: `/children/${childIdOf(1)}/flags?asOf=${asOf}`, headers: bearer('mash') })
    t.equal(res.statusCode, 200, asOf)
  }
  const res = await app.inject({ method: 'GET', url: '/cohorts/missing-pilot?asOf=1900-01-01', headers: bearer('mash') })
  t.equal(res.statusCode, 200, 'a cohort as of 1900-01-01')
})

t.test('a date that does not exist is a 400', async (t) => {
  const { app } = await buildCityApp()
  t.teardown(() => app.close())
  for (const asOf of ['2026-02-30', '26-01-01', '2026-1-1', 'today']) {
    const res = await app.inject({ method: 'GET', url: `/children/${childIdOf(1)}/flags?asOf=${asOf}`, headers: bearer('mash') })
    t.equal(res.statusCode, 400, asOf)
  }
})
