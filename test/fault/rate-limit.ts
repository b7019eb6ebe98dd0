/**
 * RELIABILITY S5: rate limit. One person (one `sub`) sends more than the
 * limit (300 a minute) of `GET /rules`, each with a different
 * `X-Forwarded-For`, as if from many addresses behind a proxy. Pass: exactly
 * the limit is served, the rest are 429 problem+json with `Retry-After`
 * (forged headers win 0 extra requests); another person is still served
 * (buckets are per person); unauthenticated requests with rotating
 * `X-Forwarded-For` are limited by the real address, not the forged one.
 *
 *   npm run build && npm run fault:rate-limit -- [--requests 400]
 */
import { startCityServer } from '../../bench/support/city-server'
import { runScript } from '../../bench/support/cleanup'
import { tokenOf } from '../../bench/support/tokens'
import { statusSummary, timedFetch } from './support/http-timing'
import { Invariants, numberOption, printFigures } from './support/report'

const LIMIT = 300

const forged = (i: number): string => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`

const main = async (): Promise<boolean> => {
  const args = process.argv.slice(2)
  const requests = numberOption(args, 'requests', 400)
  const { server } = await startCityServer({ children: 100, prefix: 'ew_fault' })
  const one = `Bearer ${tokenOf(server.secrets, 'mash', 's5-one-person')}`
  const answers = []
  // Sequential, so the order of allowed and refused is plain; well inside the minute.
  for (let i = 0; i < requests; i++) {
    answers.push(await timedFetch(`${server.url}/rules`, { headers: { authorization: one, 'x-forwarded-for': forged(i) } }))
  }
  const ok = answers.filter((r) => r.status === 200).length
  const refused = answers.filter((r) => r.status === 429)
  const other = `Bearer ${tokenOf(server.secrets, 'mash', 's5-another-person')}`
  const otherPerson = await timedFetch(`${server.url}/rules`, { headers: { authorization: other } })
  const anonymous = []
  for (let i = 0; i < requests; i++) anonymous.push(await timedFetch(`${server.url}/rules`, { headers: { 'x-forwarded-for': forged(i) } }))
  const anonymousLimited = anonymous.filter((r) => r.status === 429).length

  const inv = new Invariants()
  inv.check(ok === Math.min(LIMIT, requests), `exactly the limit served (${ok} of ${requests})`)
  inv.check(refused.length === requests - ok, 'the rest refused with 429')
  inv.check(refused.every((r) => r.headers?.get('retry-after') !== null && (r.headers?.get('content-type') ?? '').startsWith('application/problem+json')),
    '429s are problem+json with Retry-After')
  inv.check(otherPerson.status === 200, 'another person is still served')
  inv.check(anonymousLimited >= requests - LIMIT, 'without a token, rotating X-Forwarded-For does not mint buckets either')
  printFigures('S5 rate limit', `${requests} requests by one person with a different X-Forwarded-For each, limit ${LIMIT} a minute`, [
    ['one person', statusSummary(answers)],
    ['allowed over the limit', String(Math.max(0, ok - LIMIT))],
    ['another person, right after', String(otherPerson.status)],
    ['no token, rotating X-Forwarded-For', statusSummary(anonymous)],
  ])
  inv.finish(`S5: allowed over limit = ${Math.max(0, ok - LIMIT)}`)
  return inv.failed.length === 0
}

runScript('fault:rate-limit', main)
