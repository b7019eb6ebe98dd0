/** `GET /children/:childId/chronology`: one dated list across agencies, newest first, filtered by role. */
import t from 'tap'
import { bearer, buildCityApp } from '../helper'
import { childIdOf } from '../fixtures/canary-city'

interface Doc {
  childId: string
  entries: Record<string, unknown>[]
}

t.test('MASH reads every fact of the child, newest first, each with source and id', async (t) => {
  const { app, audit } = await buildCityApp()
  t.teardown(() => app.close())
  const res = await app.inject({ method: 'GET', url: `/children/${childIdOf(2)}/chronology`, headers: bearer('mash') })
  t.equal(res.statusCode, 200)
  const doc = res.json() as Doc
  t.equal(doc.childId, childIdOf(2))
  const dates = doc.entries.map((e) => e['date'] as string)
  t.same(dates, [...dates].sort().reverse(), 'newest first')
  t.same(doc.entries.map((e) => e['kind']).sort(), ['drug_intelligence', 'drug_intelligence', 'missing_episode', 'missing_episode', 'missing_episode'])
  t.ok(doc.entries.every((e) => typeof e['source'] === 'string' && typeof e['sourceId'] === 'string'))
  t.ok(doc.entries.some((e) => (e['details'] as Record<string, unknown>)['handlingCode'] === 'C'))
  t.notOk('subject' in (doc.entries[0] ?? {}), 'the subject (maybe an agency id) is not repeated')
  t.match(audit, [{ outcome: 'ok', route: '/children/:childId/chronology', childIds: [childIdOf(2)] }])
})

t.test('the pilot team sees C-coded intelligence only as a restricted entry, undated, at the end', async (t) => {
  const { app } = await buildCityApp()
  t.teardown(() => app.close())
  const doc = (await app.inject({ method: 'GET', url: `/children/${childIdOf(2)}/chronology`, headers: bearer('missing_pilot') })).json() as Doc
  t.same(doc.entries[doc.entries.length - 1], { kind: 'drug_intelligence', restricted: true })
  t.equal(doc.entries.filter((e) => e['restricted'] === true).length, 1)
  t.notOk(JSON.stringify(doc).includes('"C"'), 'no C-coded detail')
})

t.test('the Virtual School sees education facts only', async (t) => {
  const { app } = await buildCityApp()
  t.teardown(() => app.close())
  const doc = (await app.inject({ method: 'GET', url: `/children/${childIdOf(3)}/chronology`, headers: bearer('virtual_school') })).json() as Doc
  t.same(doc.entries.map((e) => e['kind']), ['attendance'], 'not the care period, not the domestic abuse contact')
})
