/**
 * RELIABILITY A7: the token forgery matrix. Every variant answers 401
 * problem+json, is logged as an auth failure, and the token never reaches the
 * logs.
 */
import t from 'tap'
import { signCompact, signHs256 } from '../../../api/auth/hs256'
import { TEST_AUDIENCE, TEST_ISSUER, TEST_SECRET, bearer, buildTestApp, logRecords, tokenFor } from '../helper'

const now = () => Math.floor(Date.now() / 1000)
const claims = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  iss: TEST_ISSUER,
  aud: TEST_AUDIENCE,
  sub: 'user-1',
  role: 'mash',
  iat: now(),
  exp: now() + 600,
  ...extra,
})
const without = (key: string): Record<string, unknown> => {
  const { [key]: _dropped, ...rest } = claims()
  return rest
}
const base64Url = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url')

interface Variant {
  readonly name: string
  readonly headers?: Record<string, string | string[]>
  readonly query?: string
}

const variants = (): readonly Variant[] => {
  const valid = tokenFor('mash')
  const [header, , signature] = valid.split('.') as [string, string, string]
  return [
    { name: 'no token' },
    { name: 'expired', headers: { authorization: `Bearer ${signHs256(claims({ iat: now() - 7200, exp: now() - 3600 }), TEST_SECRET)}` } },
    { name: 'nbf in the future', headers: { authorization: `Bearer ${signHs256(claims({ nbf: now() + 3600 }), TEST_SECRET)}` } },
    { name: 'wrong key', headers: { authorization: `Bearer ${signHs256(claims(), 'another-secret-that-is-32-bytes-long!!')}` } },
    { name: 'alg none', headers: { authorization: `Bearer ${base64Url({ alg: 'none', typ: 'JWT' })}.${base64Url(claims())}.` } },
    {
      name: 'alg HS512 with the right key',
      headers: { authorization: `Bearer ${signCompact({ alg: 'HS512', typ: 'JWT' }, claims(), TEST_SECRET)}` },
    },
    { name: 'tampered payload', headers: { authorization: `Bearer ${header}.${base64Url(claims({ role: 'admin' }))}.${signature}` } },
    { name: 'wrong aud', headers: { authorization: `Bearer ${signHs256(claims({ aud: 'someone-else' }), TEST_SECRET)}` } },
    { name: 'wrong iss', headers: { authorization: `Bearer ${signHs256(claims({ iss: 'someone-else' }), TEST_SECRET)}` } },
    { name: 'missing sub', headers: { authorization: `Bearer ${signHs256(without('sub'), TEST_SECRET)}` } },
    { name: 'missing role', headers: { authorization: `Bearer ${signHs256(without('role'), TEST_SECRET)}` } },
    { name: 'missing exp', headers: { authorization: `Bearer ${signHs256(without('exp'), TEST_SECRET)}` } },
    { name: 'missing aud', headers: { authorization: `Bearer ${signHs256(without('aud'), TEST_SECRET)}` } },
    { name: 'missing iss', headers: { authorization: `Bearer ${signHs256(without('iss'), TEST_SECRET)}` } },
    { name: 'missing iat', headers: { authorization: `Bearer ${signHs256(without('iat'), TEST_SECRET)}` } },
    {
      name: 'issued longer ago than the longest token lives',
      headers: { authorization: `Bearer ${signHs256(claims({ iat: now() - 8 * 24 * 3600, exp: now() + 600 }), TEST_SECRET)}` },
    },
    { name: 'an unknown kid', headers: { authorization: `Bearer ${signCompact({ alg: 'HS256', typ: 'JWT', kid: 'k1' }, claims(), TEST_SECRET)}` } },
    {
      name: 'a jku header',
      headers: { authorization: `Bearer ${signCompact({ alg: 'HS256', typ: 'JWT', jku: 'https://example.invalid/keys' }, claims(), TEST_SECRET)}` },
    },
    { name: 'role array', headers: { authorization: `Bearer ${signHs256(claims({ role: ['mash', 'admin'] }), TEST_SECRET)}` } },
    { name: 'two roles in one string', headers: { authorization: `Bearer ${signHs256(claims({ role: 'mash admin' }), TEST_SECRET)}` } },
    { name: 'unknown role', headers: { authorization: `Bearer ${signHs256(claims({ role: 'superuser' }), TEST_SECRET)}` } },
    { name: 'role in another case', headers: { authorization: `Bearer ${signHs256(claims({ role: 'MASH' }), TEST_SECRET)}` } },
    { name: 'empty sub', headers: { authorization: `Bearer ${signHs256(claims({ sub: '' }), TEST_SECRET)}` } },
    { name: 'lowercase scheme', headers: { authorization: `bearer ${valid}` } },
    { name: 'no scheme', headers: { authorization: valid } },
    { name: 'two spaces', headers: { authorization: `Bearer  ${valid}` } },
    { name: 'Basic scheme', headers: { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` } },
    { name: 'token in the query', query: `access_token=${valid}` },
    { name: 'token in the query beside a valid header', headers: { authorization: `Bearer ${valid}` }, query: `token=${valid}` },
    { name: 'two Authorization headers', headers: { authorization: [`Bearer ${valid}`, `Bearer ${valid}`] } },
    { name: 'not a JWT', headers: { authorization: 'Bearer abc.def' } },
  ]
}

t.test('every forged, stale or misplaced token is refused with 401 problem+json', async (t) => {
  const { app, logs } = await buildTestApp()
  t.teardown(() => app.close())
  const list = variants()
  let accepted = 0
  for (const v of list) {
    const res = await app.inject({ method: 'GET', url: `/rules${v.query === undefined ? '' : `?${v.query}`}`, headers: v.headers ?? {} })
    if (res.statusCode !== 401) accepted += 1
    t.equal(res.statusCode, 401, v.name)
    t.match(res.headers['content-type'], /^application\/problem\+json/, `${v.name}: problem+json`)
    t.match(res.json(), { type: 'https://early-warning.invalid/problems/unauthorized', status: 401 }, `${v.name}: problem type`)
  }
  const failures = logRecords(logs).filter((r) => r['event'] === 'auth_failure')
  t.equal(failures.length, list.length, 'each refusal is logged as an auth failure')
  t.ok(failures.every((r) => typeof r['reason'] === 'string' && r['route'] === '/rules'), 'with a reason and the route pattern')
  const tokens = list.flatMap((v) => Object.values(v.headers ?? {}).flat().map((h) => h.replace(/^\S+\s+/, '')))
  t.notOk(logs.some((line) => tokens.some((token) => token.length > 20 && line.includes(token))), 'no token in the logs')
  t.comment(`${list.length} variants, ${accepted} accepted`)
})

t.test('a valid token is accepted and each role is read from it', async (t) => {
  const { app } = await buildTestApp()
  t.teardown(() => app.close())
  for (const role of ['mash', 'missing_pilot', 'virtual_school', 'yot_analyst', 'ingest', 'admin'] as const) {
    const res = await app.inject({ method: 'GET', url: '/rules', headers: bearer(role) })
    t.equal(res.statusCode, 200, role)
  }
})

t.test('clock skew within tolerance is accepted', async (t) => {
  const { app } = await buildTestApp()
  t.teardown(() => app.close())
  const token = signHs256(claims({ nbf: now() + 5 }), TEST_SECRET)
  const res = await app.inject({ method: 'GET', url: '/rules', headers: { authorization: `Bearer ${token}` } })
  t.equal(res.statusCode, 200)
})
