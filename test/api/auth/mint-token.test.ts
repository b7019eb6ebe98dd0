/** Tokens minted for the CLI are accepted by the API; bad requests for a token are refused with reasons. */
import t from 'tap'
import * as E from 'fp-ts/Either'
import { mintToken, MAX_TTL_SECONDS } from '../../../api/auth/mint-token'
import { buildTestApp, TEST_AUDIENCE, TEST_ISSUER, TEST_SECRET } from '../helper'

const config = { jwtSecret: TEST_SECRET, jwtIssuer: TEST_ISSUER, jwtAudience: TEST_AUDIENCE }

t.test('a minted token opens the API for its role', async (t) => {
  const { app } = await buildTestApp()
  t.teardown(() => app.close())
  const token = mintToken(config, { role: 'admin', sub: 'admin-1', ttlSeconds: 600 })
  if (E.isLeft(token)) return t.fail(token.left)
  const payload = JSON.parse(Buffer.from(token.right.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>
  t.match(payload, { iss: TEST_ISSUER, aud: TEST_AUDIENCE, sub: 'admin-1', role: 'admin' })
  t.equal((payload['exp'] as number) - (payload['iat'] as number), 600)
  const res = await app.inject({ method: 'GET', url: '/rules', headers: { authorization: `Bearer ${token.right}` } })
  t.equal(res.statusCode, 200)
})

t.test('an expired minted token is refused', async (t) => {
  const { app } = await buildTestApp()
  t.teardown(() => app.close())
  const token = mintToken(config, { role: 'mash', sub: 'm', ttlSeconds: 60 }, Date.now() - 3_600_000)
  if (E.isLeft(token)) return t.fail(token.left)
  const res = await app.inject({ method: 'GET', url: '/rules', headers: { authorization: `Bearer ${token.right}` } })
  t.equal(res.statusCode, 401)
})

t.test('every problem with a token request is reported at once', async (t) => {
  const result = mintToken(
    { ...config, jwtSecret: undefined },
    { role: 'root' as never, sub: 'has space', ttlSeconds: MAX_TTL_SECONDS + 1 },
  )
  if (E.isRight(result)) return t.fail('should be refused')
  for (const word of ['EW_JWT_SECRET', 'role', 'sub', 'ttl']) t.match(result.left, word)
})
