/**
 * RELIABILITY L6: inputs carrying `\n`, `\r`, ANSI escapes, U+2028 and a
 * forged `{"level":60}` line, in X-Purpose, query values, path parameters and
 * bodies. Every captured log write is exactly one line, parses as one JSON
 * object, and no line has level 60 (fatal): no forged records.
 */
import t from 'tap'
import fc from 'fast-check'
import { childIdOf } from '../fixtures/canary-city'
import { bearer, buildCityApp } from '../helper'
import { fcSeed } from './support'

const RUNS = 30
const FORGED = '{"level":60,"time":"2026-11-24T10:00:00.000Z","msg":"forged"}'

/** Text that tries to end a log line and start a forged one. */
const injection = fc.oneof(
  fc.constantFrom(`\n${FORGED}\n`, `\r\n${FORGED}`, `\u2028${FORGED}\u2029`, `\u001b[2K\u001b[1A${FORGED}`, `"}\n${FORGED}`, '\\n{"level":60}', '\u0000\n'),
  fc.tuple(fc.string({ unit: 'binary', maxLength: 20 }), fc.constantFrom('\n', '\r', '\u001b[31m', '\u2028'), fc.string({ maxLength: 20 }))
    .map(([a, sep, b]) => `${a}${sep}${FORGED}${b}`),
)

/** Header values may not hold control characters; what a client can put there is printable. */
const headerSafe = (s: string): string => s.replace(/[^\t\x20-\x7e]/g, ' ')

const requestsFor = (s: string) => [
  { method: 'GET' as const, url: `/children/${childIdOf(2)}/flags`, headers: { ...bearer('mash'), 'x-purpose': headerSafe(s) } },
  { method: 'GET' as const, url: `/children/${childIdOf(2)}/flags?asOf=${encodeURIComponent(s)}`, headers: bearer('mash') },
  { method: 'GET' as const, url: `/cohorts/missing-pilot?locality=${encodeURIComponent(s)}`, headers: bearer('missing_pilot') },
  { method: 'GET' as const, url: `/children/${encodeURIComponent(s.slice(0, 30))}/chronology`, headers: bearer('mash') },
  { method: 'GET' as const, url: `/children?familyName=${encodeURIComponent(s)}&dateOfBirth=2011-07-23`, headers: bearer('mash') },
  { method: 'GET' as const, url: `/${encodeURIComponent(s.slice(0, 30))}`, headers: { 'user-agent': headerSafe(s) } },
  {
    method: 'POST' as const,
    url: '/facts',
    headers: { ...bearer('ingest'), 'content-type': 'application/x-ndjson' },
    payload: `{"kind":${JSON.stringify(s)},"${s.replace(/["\\]/g, '')}":1}\n${s}\n`,
  },
  { method: 'GET' as const, url: '/rules', headers: { authorization: `Bearer ${headerSafe(s)}` } },
]

t.test('L6 log injection: every log write is one JSON line; no forged level-60 record', async (t) => {
  const logs: string[] = []
  const { app } = await buildCityApp({ logSink: logs })
  t.teardown(() => app.close())
  const seed = fcSeed()
  t.comment(`L6 seed ${seed}`)
  let requests = 0
  const samples = fc.sample(injection, { seed, numRuns: RUNS })
  for (const s of samples) {
    for (const request of requestsFor(Buffer.from(s, 'utf8').toString('utf8'))) {
      requests += 1
      const res = await app.inject(request)
      t.ok(res.statusCode < 500, `no 5xx (${request.method} ${res.statusCode})`)
    }
  }
  let extraLines = 0
  let unparsable = 0
  let level60 = 0
  for (const write of logs) {
    const lines = write.split('\n')
    // One record per write, ending in exactly one line break.
    if (lines.length !== 2 || lines[1] !== '') extraLines += lines.length - 2
    for (const line of lines.filter((l) => l !== '')) {
      try {
        const record = JSON.parse(line) as unknown
        if (typeof record !== 'object' || record === null || Array.isArray(record)) unparsable += 1
        else if ((record as { level?: unknown }).level === 60) level60 += 1
      } catch {
        unparsable += 1
      }
    }
  }
  t.ok(logs.length >= requests, 'every request was logged')
  t.equal(extraLines, 0, 'no write holds more than one line')
  t.equal(unparsable, 0, 'every line parses as one JSON object')
  t.equal(level60, 0, 'no line at level 60')
  t.notOk(logs.some((line) => line.includes('\u001b')), 'no raw ANSI escape reaches the log')
  t.comment(`L6: ${samples.length} inputs × ${requestsFor('').length} places = ${requests} requests, ${logs.length} log lines, ${extraLines} extra lines, ${unparsable} unparsable, ${level60} at level 60`)
})
