/**
 * RELIABILITY A5 (small, ASVS 8.3.2): who may see a child follows the facts
 * as they stand now. Over the production wiring and a test database, facts
 * sent through `POST /facts` open and close a child to the Virtual School
 * (a care period, then its correction) and to the missing pilot team
 * (repeat missing episodes, then a withdrawal). Today is 2026-11-24.
 */
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import type { Role } from '../../../api/auth/roles'
import { bearer, buildStoredApp } from '../helper'

const LAC = 'C9400001'
const MISSING = 'C9400002'

const envelope = (kind: string, source: string, sourceId: string, childId: string, recordedAt: string) => ({
  kind, source, sourceId, subject: { childId }, recordedAt,
})

const child = (childId: string): string =>
  JSON.stringify({ ...envelope('child', 'social_care', `A5-${childId}`, childId, '2026-11-24T08:00:00Z'), childId, dateOfBirth: '2012-03-03', sex: 'F', locality: 'Harbourside' })

const carePeriod = (end: string | null, recordedAt: string): string =>
  JSON.stringify({ ...envelope('care_period', 'social_care', 'A5-CARE-1', LAC, recordedAt), start: '2026-11-01', end, legalStatus: 'C2' })

const episode = (n: number, start: string): string =>
  JSON.stringify({ ...envelope('missing_episode', 'police', `A5-ME-${n}`, MISSING, '2026-11-24T09:00:00Z'), start, end: start.replace('T20:', 'T23:'), category: 'missing' })

/** Sends a batch; the answer's status and body, for the caller to assert. */
const send = async (app: FastifyInstance, lines: readonly string[]): Promise<string> => {
  const res = await app.inject({ method: 'POST', url: '/facts', payload: lines.join('\n'), headers: { ...bearer('ingest'), 'content-type': 'application/x-ndjson' } })
  return `${res.statusCode} ${res.body}`
}

const status = async (app: FastifyInstance, role: Role, childId: string): Promise<number> =>
  (await app.inject({ method: 'GET', url: `/children/${childId}/flags`, headers: bearer(role) })).statusCode

const cohortIds = async (app: FastifyInstance, role: Role, name: string): Promise<string[]> =>
  ((await app.inject({ method: 'GET', url: `/cohorts/${name}`, headers: bearer(role) })).json() as { rows: { childId: string }[] }).rows.map((r) => r.childId)

t.test('A5: a care period and its correction open and close the child to the Virtual School now', async (t) => {
  const { app } = await buildStoredApp(t, { facts: [child(LAC)] })
  let divergences = 0
  const expect = async (want: number, step: string) => {
    const got = await status(app, 'virtual_school', LAC)
    if (got !== want) divergences += 1
    t.equal(got, want, `virtual_school ${step}`)
    t.equal(await status(app, 'mash', LAC), 200, `mash sees the child throughout (${step})`)
  }
  await expect(404, 'before any care period')
  t.match(await send(app, [carePeriod(null, '2026-11-24T09:00:00Z')]), /^200 /, 'batch accepted')
  await expect(200, 'with a care period open today')
  t.same(await cohortIds(app, 'virtual_school', 'lac-attendance'), [LAC], 'and the child is in lac-attendance')
  t.match(await send(app, [carePeriod('2026-11-23', '2026-11-24T09:30:00Z')]), /^200 /, 'batch accepted')
  await expect(404, 'after the correction ends the care period yesterday')
  t.same(await cohortIds(app, 'virtual_school', 'lac-attendance'), [], 'and the child has left lac-attendance')
  t.comment(`A5 care period: 3 steps, ${divergences} divergences`)
})

t.test('A5: repeat missing episodes make a child a missing-pilot member now; a withdrawal undoes it', async (t) => {
  const { app } = await buildStoredApp(t, { facts: [child(MISSING)] })
  let divergences = 0
  const expect = async (want: number, step: string) => {
    const got = await status(app, 'missing_pilot', MISSING)
    if (got !== want) divergences += 1
    t.equal(got, want, `missing_pilot ${step}`)
  }
  await expect(404, 'with no episodes')
  t.match(await send(app, [episode(1, '2026-09-10T20:00:00Z'), episode(2, '2026-10-10T20:00:00Z')]), /^200 /, 'batch accepted')
  await expect(404, 'with two episodes (threshold 3)')
  t.match(await send(app, [episode(3, '2026-11-10T20:00:00Z')]), /^200 /, 'batch accepted')
  await expect(200, 'with a third episode')
  t.same(await cohortIds(app, 'missing_pilot', 'missing-pilot'), [MISSING], 'and the child is in missing-pilot')
  t.match(await send(app, [JSON.stringify({ ...envelope('missing_episode', 'police', 'A5-ME-3', MISSING, '2026-11-24T09:40:00Z'), withdrawn: true })]), /^200 /, 'batch accepted')
  await expect(404, 'after the third episode is withdrawn')
  t.same(await cohortIds(app, 'missing_pilot', 'missing-pilot'), [], 'and the child has left missing-pilot')
  t.comment(`A5 missing pilot: 4 steps, ${divergences} divergences`)
})
