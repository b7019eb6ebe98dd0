/**
 * RELIABILITY I3: size and shape limits, against the running server. Each
 * body is refused as designed — 413 past the 10 MiB body or the 100,000-line
 * batch, 400 for a line over 64 KiB, deep nesting, or a `limit` past 1,000,
 * 415 for `Content-Encoding: gzip` or a type that is not a batch — and, being
 * refused, costs little: answered within 1 s, the server's RSS rising by less
 * than 50 MB while it is handled. Bodies at the limit and one byte under it
 * (lines that decode, each wrong) are answered 400 with every error. Bodies
 * go over a plain socket (./support/raw-request), so a 413 sent before the
 * body is read is seen, not only the broken pipe that follows it.
 *
 *   npm run build && npm run fault:size-limits
 */
import { gzipSync } from 'node:zlib'
import { ONE_MIB } from '../../api/http/fastify-options'
import { startCityServer } from '../../bench/support/city-server'
import { runScript } from '../../bench/support/cleanup'
import { tokenOf } from '../../bench/support/tokens'
import { sleep, timedFetch } from './support/http-timing'
import { rawRequest } from './support/raw-request'
import { Invariants, printFigures } from './support/report'

const LIMIT = 10 * ONE_MIB
const MAX_LINES = 100_000

/** Exactly `bytes` of NDJSON in `lines` lines, each a fact of no known kind (so each is an error). */
const paddedBatch = (bytes: number, lines: number): string => {
  const frame = (pad: number): string => `${JSON.stringify({ kind: 'no_such_kind', pad: 'x'.repeat(pad) })}\n`
  const per = Math.floor(bytes / lines)
  const overhead = frame(0).length
  const body = frame(per - overhead).repeat(lines - 1)
  return body + frame(bytes - body.length - overhead)
}

interface Case {
  readonly name: string
  readonly expected: number
  readonly path: string
  readonly method?: 'GET' | 'POST'
  readonly body?: string | Buffer
  readonly headers?: Readonly<Record<string, string>>
}

const main = async (): Promise<boolean> => {
  const { server } = await startCityServer({ children: 100, prefix: 'ew_fault' })
  const ingest = `Bearer ${tokenOf(server.secrets, 'ingest', 'i3-ingest')}`
  const mash = `Bearer ${tokenOf(server.secrets, 'mash', 'i3-mash')}`
  const ndjson = { authorization: ingest, 'content-type': 'application/x-ndjson' }
  const json = { authorization: ingest, 'content-type': 'application/json' }
  const deep = 500_000
  const cases: Case[] = [
    { name: 'body limit − 1 byte (1,000 bad lines)', expected: 400, path: '/facts', body: paddedBatch(LIMIT - 1, 1000), headers: ndjson },
    { name: 'body at the limit (1,000 bad lines)', expected: 400, path: '/facts', body: paddedBatch(LIMIT, 1000), headers: ndjson },
    { name: 'body limit + 1 byte', expected: 413, path: '/facts', body: paddedBatch(LIMIT + 1, 1000), headers: ndjson },
    { name: 'one line of 100 KiB', expected: 400, path: '/facts', body: paddedBatch(100 * 1024, 1), headers: ndjson },
    { name: `${MAX_LINES + 1} lines`, expected: 413, path: '/facts', body: '{}\n'.repeat(MAX_LINES + 1), headers: ndjson },
    { name: `${deep.toLocaleString('en-GB')}-deep nesting (JSON)`, expected: 400, path: '/facts', body: `${'['.repeat(deep)}${']'.repeat(deep)}`, headers: json },
    { name: '1,000,000-element array (JSON)', expected: 413, path: '/facts', body: `[${'0,'.repeat(999_999)}0]`, headers: json },
    { name: 'Content-Encoding: gzip', expected: 415, path: '/facts', body: gzipSync('{}\n'), headers: { ...ndjson, 'content-encoding': 'gzip' } },
    { name: 'Content-Type: text/plain', expected: 415, path: '/facts', body: '{}\n', headers: { authorization: ingest, 'content-type': 'text/plain' } },
    { name: 'cohort limit=10^9', expected: 400, path: '/cohorts/missing-pilot?limit=1000000000', method: 'GET', headers: { authorization: mash } },
  ]

  const rows: [string, string][] = []
  const inv = new Invariants()
  let slowest = 0
  let mostRss = 0
  for (const c of cases) {
    await sleep(300)
    const rssBefore = server.rssMb()
    let peak = rssBefore
    const sampler = setInterval(() => (peak = Math.max(peak, server.rssMb())), 10)
    const r =
      c.body === undefined
        ? await timedFetch(`${server.url}${c.path}`, { method: c.method ?? 'GET', headers: c.headers ?? {} })
        : await rawRequest(server.port, { method: c.method ?? 'POST', path: c.path, headers: c.headers ?? {} }, Buffer.from(c.body))
    clearInterval(sampler)
    peak = Math.max(peak, server.rssMb())
    const rise = peak - rssBefore
    slowest = Math.max(slowest, r.ms)
    mostRss = Math.max(mostRss, rise)
    const size = c.body === undefined ? '' : ` (${(c.body.length / ONE_MIB).toFixed(2)} MiB)`
    rows.push([`${c.name}${size}`, `${r.status === 0 ? 'no answer' : r.status} in ${r.ms.toFixed(0)} ms, RSS +${rise.toFixed(0)} MB`])
    inv.check(r.status === c.expected, `${c.name}: ${c.expected} (got ${r.status})`)
    inv.check(r.ms < 1000, `${c.name}: answered within 1 s (${r.ms.toFixed(0)} ms)`)
    inv.check(rise < 50, `${c.name}: RSS rise < 50 MB (${rise.toFixed(0)} MB)`)
  }
  const alive = await timedFetch(`${server.url}/health`)
  inv.check(alive.status === 200, 'the server is alive afterwards')
  printFigures('I3 size and shape limits', `${cases.length} bodies and parameters against the running server`, [
    ...rows,
    ['max time to answer', `${slowest.toFixed(0)} ms`],
    ['max RSS rise', `${mostRss.toFixed(0)} MB`],
  ])
  inv.finish('I3: every limit answered as designed')
  return inv.failed.length === 0
}

runScript('fault:size-limits', main)
