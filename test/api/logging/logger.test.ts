/**
 * RELIABILITY L1 and L6, aimed: the requests most likely to leak (lookups
 * by name, date of birth and identifiers; bad batches carrying them; errors
 * whose message quotes them; refusals) against the canary city, on the
 * in-memory and the database wiring, with every log line captured.
 */
import t from 'tap'
import { bearer, buildCityApp, buildStoredApp, logRecords } from '../helper'
import { CANARIES, CANARY_VALUES, childIdOf } from '../fixtures/canary-city'
import { createLogger } from '../../../api/logging/logger'

const canary = CANARIES[1]
if (canary === undefined) throw new Error('no canary')

const hostileRequests = (childId: string) => [
  { method: 'GET' as const, url: `/children?familyName=${canary.familyName}&dateOfBirth=${canary.dateOfBirth}`, headers: bearer('mash') },
  { method: 'GET' as const, url: `/children?upn=${canary.upn}`, headers: bearer('mash') },
  { method: 'GET' as const, url: `/children?nhsNumber=${canary.nhsNumber}`, headers: bearer('virtual_school') },
  { method: 'GET' as const, url: `/children?familyName=${canary.familyName}`, headers: bearer('mash') },
  { method: 'GET' as const, url: `/children?upn=${canary.upn}` },
  { method: 'GET' as const, url: `/children/${childId}/flags?asOf=${canary.dateOfBirth}&name=${canary.givenName}`, headers: bearer('mash') },
  { method: 'GET' as const, url: `/children/${childId}/flags?asOf=${canary.dateOfBirth}`, headers: bearer('mash') },
  { method: 'GET' as const, url: `/children/${childId}/chronology`, headers: { ...bearer('mash'), 'x-purpose': `about ${canary.familyName}\n{"level":60}` } },
  { method: 'GET' as const, url: `/${canary.familyName}/${canary.upn}`, headers: bearer('mash') },
  { method: 'GET' as const, url: `/cohorts/missing-pilot?locality=${canary.familyName}`, headers: bearer('mash') },
  { method: 'GET' as const, url: '/cohorts/missing-pilot', headers: { ...bearer('mash'), accept: 'text/csv' } },
  {
    method: 'POST' as const,
    url: '/facts',
    headers: { ...bearer('ingest'), 'content-type': 'application/x-ndjson' },
    payload: `{"kind":"child","${canary.familyName}":1,"givenName":"${canary.givenName}","dateOfBirth":"${canary.dateOfBirth}x"}\n{"upn":"${canary.upn}"`,
  },
  {
    method: 'POST' as const,
    url: '/facts',
    headers: { ...bearer('ingest'), 'content-type': 'application/json' },
    payload: `[{"familyName":"${canary.familyName}","familyName":"${canary.familyName}"}]`,
  },
]

t.test('in-memory wiring: hostile requests leave no canary in the logs, and every line is one JSON object', async (t) => {
  const logs: string[] = []
  const { app } = await buildCityApp({ logSink: logs })
  t.teardown(() => app.close())
  for (const request of hostileRequests(childIdOf(2))) await app.inject(request)
  const hits = logs.filter((line) => CANARY_VALUES.some((v) => line.includes(v)))
  t.same(hits, [])
  t.ok(logs.every((line) => line.endsWith('\n') && line.indexOf('\n') === line.length - 1), 'one line per record (L6)')
  t.ok(logRecords(logs).every((r) => typeof r['level'] === 'number'), 'every line parses')
  t.comment(`${logs.length} lines scanned, ${hits.length} canary hits`)
})

t.test('database wiring: the same hostile requests leave no canary either', async (t) => {
  const logs: string[] = []
  const { app } = await buildStoredApp(t, { logSink: logs })
  for (const request of hostileRequests(childIdOf(2))) await app.inject(request)
  const hits = logs.filter((line) => CANARY_VALUES.some((v) => line.includes(v)))
  t.same(hits, [])
  t.comment(`${logs.length} lines scanned, ${hits.length} canary hits`)
})

t.test('redaction is a backstop for headers handed to the logger', async (t) => {
  const lines: string[] = []
  const logger = createLogger('info', { write: (l: string) => void lines.push(l) })
  logger.info({ req: { headers: { authorization: 'Bearer secret-token' } }, headers: { authorization: 'Bearer secret-token' } }, 'x')
  logger.info({ req: { id: 'r', method: 'GET', url: '/children?familyName=Thorncraike', routeOptions: { url: '/children' }, query: { familyName: 'x' } } }, 'y')
  t.notOk(lines.join('').includes('secret-token'))
  t.notOk(lines.join('').includes('Thorncraike'), 'the req serializer keeps id, method and route only')
  t.match(JSON.parse(lines[1] ?? '{}'), { req: { id: 'r', method: 'GET', route: '/children' } })
})
