/**
 * Errors are problem+json with stable types (SPEC §6), and nothing from an
 * exception or from the input reaches the client or the logs (RELIABILITY §3
 * items 3, 4, 5).
 */
import t from 'tap'
import { bearer, buildTestApp, logRecords } from '../helper'

const PROBLEM = /^application\/problem\+json/
/** One valid (empty) batch, so that the request reaches the ingest port. */
const ingestOne = {
  method: 'POST' as const,
  url: '/facts',
  payload: '\n',
  headers: { ...bearer('ingest'), 'content-type': 'application/x-ndjson' },
}
const type = (slug: string): string => `https://early-warning.invalid/problems/${slug}`

t.test('an unknown route is a 404 problem naming only the request id', async (t) => {
  const { app } = await buildTestApp()
  t.teardown(() => app.close())
  const res = await app.inject({ method: 'GET', url: '/nothing-here?familyName=Qwertyson' })
  t.equal(res.statusCode, 404)
  t.match(res.headers['content-type'], PROBLEM)
  const body = res.json() as Record<string, unknown>
  t.same(Object.keys(body).sort(), ['instance', 'status', 'title', 'type'])
  t.equal(body['type'], type('not-found'))
  t.match(body['instance'], /^[0-9a-f-]{36}$/)
  t.equal(res.headers['cache-control'], 'no-store')
})

t.test('a value failing its pattern is described in words, not by the regular expression', async (t) => {
  const { app } = await buildTestApp()
  t.teardown(() => app.close())
  const spaced = await app.inject({ method: 'GET', url: '/children/x%20y/flags', headers: bearer('mash') })
  t.equal(spaced.statusCode, 400)
  t.match(spaced.json(), { errors: [{ in: 'params', path: 'childId', expected: 'a childId: no spaces, control or bidirectional characters' }] })
  const cursor = await app.inject({ method: 'GET', url: '/cohorts/missing-pilot?cursor=a.b', headers: bearer('mash') })
  t.match(cursor.json(), { errors: [{ in: 'querystring', path: 'cursor', expected: 'a cursor from a previous page' }] })
  for (const res of [spaced, cursor]) t.notOk(/\^|\$"|\\u/.test(res.body), 'no regular expression in the answer')
})

t.test('an unknown query parameter is a 400 problem that names the parameter, not its value', async (t) => {
  const { app } = await buildTestApp()
  t.teardown(() => app.close())
  const res = await app.inject({ method: 'GET', url: '/rules?surname=Qwertyson', headers: bearer('mash') })
  t.equal(res.statusCode, 400)
  t.match(res.headers['content-type'], PROBLEM)
  t.match(res.json(), { type: type('invalid-input'), status: 400, errors: [{ in: 'querystring', path: 'surname' }] })
  t.notOk(res.body.includes('Qwertyson'), 'the value is not echoed')
})

t.test('a query key that does not look like a field name is withheld', async (t) => {
  const { app } = await buildTestApp()
  t.teardown(() => app.close())
  const res = await app.inject({ method: 'GET', url: `/rules?${encodeURIComponent('Jane Qwertyson')}=1`, headers: bearer('mash') })
  t.equal(res.statusCode, 400)
  t.notOk(res.body.includes('Qwertyson'))
  t.match(res.json(), { errors: [{ path: '[key withheld]' }] })
})

t.test('an unexpected error is a generic 500: no message to the client, none in the log', async (t) => {
  const secret = 'Qwertyson 2014-03-02 duplicate key (upn)=(A123)'
  const { app, logs } = await buildTestApp({
    services: {
      ingest: async () => {
        throw Object.assign(new Error(secret), { detail: secret })
      },
    },
  })
  t.teardown(() => app.close())
  const res = await app.inject(ingestOne)
  t.equal(res.statusCode, 500)
  t.match(res.headers['content-type'], PROBLEM)
  const body = res.json() as Record<string, unknown>
  t.same(Object.keys(body).sort(), ['instance', 'status', 'title', 'type'])
  t.equal(body['type'], type('internal'))
  t.notOk(res.body.includes('Qwertyson'))
  t.notOk(logs.join('\n').includes('Qwertyson'), 'the message is not logged')
  const failure = logRecords(logs).find((r) => r['msg'] === 'request failed')
  t.match(failure, { err: { type: 'Error' }, route: '/facts', reqId: body['instance'] }, 'the failure is logged with the request id')
})

t.test('a database error is logged with its SQLSTATE, constraint and table only', async (t) => {
  const pgError = Object.assign(new Error('duplicate key value violates unique constraint'), {
    name: 'DatabaseError',
    code: '23505',
    severity: 'ERROR',
    detail: 'Key (upn)=(A123456789012) already exists.',
    constraint: 'child_upn_key',
    table: 'child',
    where: 'somewhere',
  })
  const { app, logs } = await buildTestApp({ services: { ingest: async () => Promise.reject(pgError) } })
  t.teardown(() => app.close())
  const res = await app.inject(ingestOne)
  t.equal(res.statusCode, 500)
  const failure = logRecords(logs).find((r) => r['msg'] === 'request failed')
  t.same(failure?.['err'], { type: 'Error', code: '23505', constraint: 'child_upn_key', table: 'child' })
  t.notOk(logs.join('\n').includes('A123456789012'))
  t.notOk(res.body.includes('A123456789012'))
})

t.test('the access log line has the route pattern and no query string', async (t) => {
  const { app, logs } = await buildTestApp()
  t.teardown(() => app.close())
  await app.inject({ method: 'GET', url: '/rules?familyName=Qwertyson&dateOfBirth=2014-03-02', headers: bearer('mash') })
  await app.inject({ method: 'GET', url: '/rules', headers: bearer('yot_analyst') })
  const lines = logRecords(logs).filter((r) => r['event'] === 'request')
  t.equal(lines.length, 2, 'one line per request')
  t.match(lines[0], { method: 'GET', route: '/rules', status: 400, role: 'mash', reqId: String })
  t.match(lines[1], { method: 'GET', route: '/rules', status: 200, role: 'yot_analyst' })
  t.type(lines[1]?.['durationMs'], 'number')
  const all = logs.join('\n')
  t.notOk(all.includes('Qwertyson'), 'no query value')
  t.notOk(all.includes('2014-03-02'), 'no date of birth')
  t.notOk(all.includes('?'), 'no query string at all')
  t.notOk(all.includes('"url"'), 'no raw URL field')
})

t.test('answers carry no-store and nosniff', async (t) => {
  const { app } = await buildTestApp()
  t.teardown(() => app.close())
  const res = await app.inject({ method: 'GET', url: '/rules', headers: bearer('mash') })
  t.equal(res.headers['cache-control'], 'no-store')
  t.equal(res.headers['x-content-type-options'], 'nosniff')
})

t.test('rate limiting answers 429 problem+json, per subject', async (t) => {
  const { app, logs } = await buildTestApp({ rateLimit: { max: 3, windowMs: 60_000 } })
  t.teardown(() => app.close())
  const statuses: number[] = []
  for (let i = 0; i < 5; i += 1) {
    statuses.push((await app.inject({ method: 'GET', url: '/rules', headers: bearer('mash', { sub: 'alice' }) })).statusCode)
  }
  t.same(statuses, [200, 200, 200, 429, 429])
  const limited = await app.inject({ method: 'GET', url: '/rules', headers: bearer('mash', { sub: 'alice' }) })
  t.match(limited.headers['content-type'], PROBLEM)
  t.match(limited.json(), { type: type('rate-limited'), status: 429 })
  t.ok(limited.headers['retry-after'], 'with Retry-After')
  const other = await app.inject({ method: 'GET', url: '/rules', headers: bearer('mash', { sub: 'bob' }) })
  t.equal(other.statusCode, 200, 'another subject has its own bucket')
  const forged = await app.inject({
    method: 'GET',
    url: '/rules',
    headers: { ...bearer('mash', { sub: 'alice' }), 'x-forwarded-for': '10.9.8.7' },
  })
  t.equal(forged.statusCode, 429, 'a forged X-Forwarded-For gains nothing')
  t.ok(logRecords(logs).some((r) => r['event'] === 'rate_limited'), 'logged as a security event')
})

t.test('unknown routes are rate limited too', async (t) => {
  const { app } = await buildTestApp({ rateLimit: { max: 2, windowMs: 60_000 } })
  t.teardown(() => app.close())
  const statuses: number[] = []
  for (let i = 0; i < 3; i += 1) statuses.push((await app.inject({ method: 'GET', url: `/probe-${i}` })).statusCode)
  t.same(statuses, [404, 404, 429])
})

t.test('factory options that protect the parser are set', async (t) => {
  const { app } = await buildTestApp()
  t.teardown(() => app.close())
  t.equal(app.initialConfig.onProtoPoisoning, 'error')
  t.equal(app.initialConfig.onConstructorPoisoning, 'error')
  t.equal(app.initialConfig.bodyLimit, 1024 * 1024)
  t.equal((app.initialConfig as Record<string, unknown>)['requestTimeout'], 30_000)
})

t.test('failed authentications are rate limited by address, and stop being audited', async (t) => {
  const { app, audit } = await buildTestApp({ rateLimit: { max: 2, windowMs: 60_000 } })
  t.teardown(() => app.close())
  const statuses: number[] = []
  for (let i = 0; i < 4; i += 1) statuses.push((await app.inject({ method: 'GET', url: '/children/C1/flags' })).statusCode)
  t.same(statuses, [401, 401, 429, 429])
  t.equal(audit.length, 2, 'only the refusals within the limit were audited')
})

t.test('paths the router refuses before routing are 400 problems that do not repeat the path', async (t) => {
  const { app, logs } = await buildTestApp()
  t.teardown(() => app.close())
  const longName = `Qwertyson${'x'.repeat(80)}`
  for (const url of [`/children/${longName}/flags`, '/cohorts/%ZZQwertyson']) {
    const res = await app.inject({ method: 'GET', url, headers: bearer('mash') })
    t.equal(res.statusCode, 400, url)
    t.match(res.headers['content-type'], PROBLEM)
    t.match(res.json(), { type: type('invalid-input'), status: 400, errors: [{ in: 'path' }] })
    t.equal(res.headers['cache-control'], 'no-store')
    t.equal(res.headers['x-content-type-options'], 'nosniff')
    t.notOk(res.body.includes('Qwertyson'), 'the path is not repeated')
  }
  const refused = logRecords(logs).filter((r) => r['event'] === 'request_refused')
  t.same(refused.map((r) => r['code']), ['FST_ERR_MAX_PARAM_LENGTH', 'FST_ERR_BAD_URL'])
  t.notOk(logs.some((l) => l.includes('Qwertyson')), 'nor logged')
})
