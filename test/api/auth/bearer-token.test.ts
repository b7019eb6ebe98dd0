/** Where a token may come from: one `Authorization: Bearer` header, nowhere else. */
import t from 'tap'
import * as E from 'fp-ts/Either'
import { bearerToken } from '../../../api/auth/bearer-token'

const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln'

t.test('the one Bearer header gives the token', async (t) => {
  t.same(bearerToken(['Authorization', `Bearer ${jwt}`], '/rules'), E.right(jwt))
  t.same(bearerToken(['authorization', `Bearer ${jwt}`, 'Accept', '*/*'], '/rules?x=1'), E.right(jwt))
})

t.test('everything else is refused with a reason', async (t) => {
  t.same(bearerToken([], '/rules'), E.left('missing'))
  t.same(bearerToken(['Authorization', `Bearer ${jwt}`, 'authorization', `Bearer ${jwt}`], '/rules'), E.left('duplicate-header'))
  for (const value of [`bearer ${jwt}`, `BEARER ${jwt}`, jwt, `Bearer  ${jwt}`, `Bearer ${jwt} `, 'Bearer ', `Token ${jwt}`]) {
    t.same(bearerToken(['Authorization', value], '/rules'), E.left('malformed-header'), JSON.stringify(value))
  }
  for (const url of [`/rules?access_token=${jwt}`, `/rules?Token=abc`, `/rules?x=${jwt}`, `/rules?x=${encodeURIComponent(jwt)}`]) {
    t.same(bearerToken(['Authorization', `Bearer ${jwt}`], url), E.left('token-in-query'), url)
  }
})
