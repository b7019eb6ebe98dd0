/**
 * `POST /facts`: the media types it accepts (RELIABILITY I4), the size and
 * line limits (I3, SPEC §2), all-or-nothing with every error, and who may call it.
 */
import t from 'tap'
import * as E from 'fp-ts/Either'
import { decodeBatch, type NumberedFact } from '../../../engine/batch/decode-batch'
import { DECODE_SLICE } from '../../../api/routes/facts.routes'
import type { IngestOutcome } from '../../../api/services'
import { bearer, buildTestApp } from '../helper'

const fact = (n: number): string =>
  JSON.stringify({
    kind: 'child',
    source: 'social_care',
    sourceId: `P-${n}`,
    subject: { childId: `C${String(n).padStart(7, '0')}` },
    recordedAt: '2026-01-01T00:00:00Z',
    childId: `C${String(n).padStart(7, '0')}`,
    dateOfBirth: '2012-05-01',
    sex: 'F',
    locality: 'North',
  })

const counts = { inserted: 2, corrected: 0, unchanged: 0, withdrawn: 0, superseded: 0, unmatched: 0, linked: 0 }

const spyApp = async (outcome: IngestOutcome = { _tag: 'Ingested', counts }) => {
  const calls: (readonly NumberedFact[])[] = []
  const built = await buildTestApp({
    services: {
      ingest: async (facts) => {
        calls.push(facts)
        return outcome
      },
    },
  })
  return { ...built, calls }
}

const post = (payload: string | Buffer, headers: Record<string, string> = {}) => ({
  method: 'POST' as const,
  url: '/facts',
  payload,
  headers: { ...bearer('ingest'), 'content-type': 'application/x-ndjson', ...headers },
})

t.test('an NDJSON batch and a JSON array batch are both accepted, with counts', async (t) => {
  const { app, calls } = await spyApp()
  t.teardown(() => app.close())
  const ndjson = await app.inject(post(`${fact(1)}\n\n${fact(2)}\n`))
  t.equal(ndjson.statusCode, 200)
  t.same(ndjson.json(), counts)
  t.same(calls[0]?.map((f) => f.line), [1, 3], 'blank lines are counted in line numbers')
  const array = await app.inject(post(`[${fact(1)},${fact(2)}]`, { 'content-type': 'application/json' }))
  t.equal(array.statusCode, 200)
  t.same(calls[1]?.map((f) => f.line), [1, 2])
  const charset = await app.inject(post(fact(1), { 'content-type': 'application/x-ndjson; charset=utf-8' }))
  t.equal(charset.statusCode, 200, 'an explicit UTF-8 charset is fine')
  for (const [contentType, body] of [
    ['application/x-ndjson; charset=UTF-8', fact(1)],
    ['Application/X-NDJSON', fact(1)],
    ['application/json; Charset=Utf-8', `[${fact(1)}]`],
  ] as const) {
    const res = await app.inject(post(body, { 'content-type': contentType }))
    t.equal(res.statusCode, 200, `${contentType}: media types and charsets are case-insensitive`)
  }
})

t.test('a bad batch writes nothing and lists every error with line and path', async (t) => {
  const { app, calls } = await spyApp()
  t.teardown(() => app.close())
  const bad = JSON.stringify({ ...JSON.parse(fact(2)), dateOfBirth: '2024-02-30', familyName: 'Qwertyson', extra: 1 })
  const res = await app.inject(post(`${fact(1)}\n${bad}\nnot json`))
  t.equal(res.statusCode, 400)
  t.equal(calls.length, 0, 'nothing reached storage')
  const body = res.json() as { type: string; errors: { line: number; path: string; expected: string }[] }
  t.equal(body.type, 'https://early-warning.invalid/problems/invalid-input')
  t.same([...new Set(body.errors.map((e) => e.line))], [2, 3])
  t.ok(body.errors.some((e) => e.path === 'dateOfBirth'))
  t.ok(body.errors.some((e) => e.path === 'extra'))
  t.notOk(res.body.includes('Qwertyson'), 'values are not echoed')
})

t.test('an identifier conflict found by storage is answered as line errors', async (t) => {
  const errors = [{ line: 1, path: 'upn', expected: 'an identifier that no other child holds' }]
  const { app } = await spyApp({ _tag: 'Rejected', errors })
  t.teardown(() => app.close())
  const res = await app.inject(post(fact(1)))
  t.equal(res.statusCode, 400)
  t.match(res.json(), { errors })
})

t.test('only the exact media types reach the handler (I4)', async (t) => {
  const { app, calls } = await spyApp()
  t.teardown(() => app.close())
  const variants = [
    'application/json\t; charset=utf-8',
    ' application/json',
    'application/json ;charset=utf-8',
    'Application/JSON',
    'application/x-NDJSON',
    'application/json;',
    'application/json; charset=utf-16',
    'application/json; charset=latin1',
    'application/vnd.api+json',
    'application/ld+json',
    'application/jsonx',
    'application/x-ndjson, application/json',
    'text/plain',
    'text/json',
    'application/octet-stream',
    'multipart/form-data; boundary=x',
    'application/x-www-form-urlencoded',
    '',
  ]
  let reached = 0
  for (const contentType of variants) {
    const before = calls.length
    const res = await app.inject(post(`{"kind":"child","__proto__":{"polluted":1}}`, { 'content-type': contentType }))
    if (calls.length > before) reached += 1
    t.ok([400, 415].includes(res.statusCode), `${JSON.stringify(contentType)} → ${res.statusCode}`)
  }
  const none = await app.inject({ method: 'POST', url: '/facts', payload: fact(1), headers: bearer('ingest') })
  t.equal(none.statusCode, 415, 'no content type')
  t.equal(reached, 0)
  t.comment(`${variants.length + 1} variants, ${reached} reached`)
})

t.test('a compressed body is refused with 415 (RELIABILITY §3 item 9)', async (t) => {
  const { app, calls } = await spyApp()
  t.teardown(() => app.close())
  for (const encoding of ['gzip', 'deflate', 'br', 'identity']) {
    const res = await app.inject(post(fact(1), { 'content-encoding': encoding }))
    t.equal(res.statusCode, 415, encoding)
    t.match(res.headers['content-type'], /^application\/problem\+json/)
  }
  t.equal(calls.length, 0)
})

t.test('size limits: 10 MiB, 100,000 lines', async (t) => {
  const { app, calls } = await spyApp()
  t.teardown(() => app.close())
  const limit = 10 * 1024 * 1024
  const over = await app.inject(post(Buffer.alloc(limit + 1, 0x20)))
  t.equal(over.statusCode, 413)
  t.match(over.json(), { type: 'https://early-warning.invalid/problems/payload-too-large', status: 413 })
  const atLimit = await app.inject(post(Buffer.alloc(limit, 0x78)))
  t.equal(atLimit.statusCode, 400, 'a body of exactly 10 MiB is read (and its one 10 MiB line refused)')
  t.match(atLimit.json(), { errors: [{ line: 1, path: '(line)' }] })
  const lines = await app.inject(post('\n'.repeat(100_001)))
  t.equal(lines.statusCode, 413, 'more than 100,000 lines')
  const justEnough = await app.inject(post('\n'.repeat(100_000)))
  t.equal(justEnough.statusCode, 200, '100,000 blank lines are a valid (empty) batch')
  const items = await app.inject(post(`[${Array.from({ length: 100_001 }, () => '{}').join(',')}]`, { 'content-type': 'application/json' }))
  t.equal(items.statusCode, 413, 'more than 100,000 array items')
  t.equal(calls.length, 1, 'only the valid empty batch reached storage')
})

t.test('a body that is not UTF-8, or prototype pollution, is a 400', async (t) => {
  const { app, calls } = await spyApp()
  t.teardown(() => app.close())
  const latin1 = await app.inject(post(Buffer.from([0x7b, 0xff, 0xfe, 0x7d])))
  t.equal(latin1.statusCode, 400)
  const proto = await app.inject(post('{"kind":"child","__proto__":{"polluted":true}}'))
  t.equal(proto.statusCode, 400)
  const nested = await app.inject(post(`[{"constructor":{"prototype":{"polluted":true}}}]`, { 'content-type': 'application/json' }))
  t.equal(nested.statusCode, 400)
  t.equal(({} as Record<string, unknown>)['polluted'], undefined, 'nothing polluted')
  t.equal(calls.length, 0)
})

t.test('only the ingest role may send facts', async (t) => {
  const { app, calls } = await spyApp()
  t.teardown(() => app.close())
  for (const role of ['mash', 'missing_pilot', 'virtual_school', 'yot_analyst', 'admin'] as const) {
    const res = await app.inject(post(fact(1), bearer(role)))
    t.equal(res.statusCode, 403, role)
    t.match(res.json(), { type: 'https://early-warning.invalid/problems/forbidden' })
  }
  const anonymous = await app.inject({ method: 'POST', url: '/facts', payload: fact(1), headers: { 'content-type': 'application/x-ndjson' } })
  t.equal(anonymous.statusCode, 401)
  t.equal(calls.length, 0)
})

t.test('a batch longer than one decoding slice gives what one pass over it gives', async (t) => {
  const { app, calls } = await spyApp()
  t.teardown(() => app.close())
  const lines = Array.from({ length: DECODE_SLICE * 2 + 7 }, (_, i) => fact(i + 1))
  const good = await app.inject(post(`${lines.join('\n')}\n`))
  t.equal(good.statusCode, 200)
  const expected = decodeBatch(lines)
  t.same(calls[0], E.isRight(expected) ? expected.right : undefined, 'every fact, numbered as one pass numbers them')
  // Errors on both sides of each slice boundary, in line order.
  const broken = lines.map((line, i) => ([0, DECODE_SLICE - 1, DECODE_SLICE, lines.length - 1].includes(i) ? '{"kind":"child"}' : line))
  const bad = await app.inject(post(broken.join('\n')))
  t.equal(bad.statusCode, 400)
  const reported = [...new Set((bad.json() as { errors: { line: number }[] }).errors.map((e) => e.line))]
  t.same(reported, [1, DECODE_SLICE, DECODE_SLICE + 1, lines.length])
  t.equal(calls.length, 1, 'the bad batch reached no ingest')
})
