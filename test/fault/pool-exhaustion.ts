/**
 * RELIABILITY R5: pool exhaustion. Ten times the pool's size (10) of slow
 * requests at once: while another ingest holds ingest's lock (this script
 * takes it, as a CLI ingest would), one-line `POST /facts` batches each hold
 * a pooled connection waiting for that lock (batches are serialised), and
 * lookups arrive while the pool is full. The batches are cheap to read, so
 * what the requests wait for is the database, not the server's CPU. Requests that cannot get a connection
 * must fail fast (503 problem after `connectionTimeoutMillis`, 2 s), none may
 * be a 500 or hang, and afterwards the pool must be idle again (no statement
 * running, no transaction open) and a lookup served as usual.
 *
 *   npm run build && npm run fault:pool-exhaustion -- [--children 2000] [--requests 100] [--batch-children 400]
 *
 * Server: `node dist/cli/main.js serve` over a city in a database of its own
 * on the shared server (`DATABASE_URL`, default the tests' one), dropped at
 * the end.
 */
import { withClient } from '../../bench/support/bench-database'
import { LOCK_KEY } from '../../storage/database/long-transaction'
import { startCityServer } from '../../bench/support/city-server'
import { runScript } from '../../bench/support/cleanup'
import { tokenOf } from '../../bench/support/tokens'
import { detailSummary, timedFetch, statusSummary, type Timed, sleep } from './support/http-timing'
import { Invariants, numberOption, percentile, printFigures, seconds } from './support/report'
import { poolText, settledConnections } from './support/server-connections'

/** Holds ingest's advisory lock in a transaction of its own until `release` resolves; resolves once it is held. */
const holdIngestLock = async (url: string, release: Promise<void>): Promise<{ readonly done: Promise<void> }> => {
  let held: () => void = () => undefined
  const isHeld = new Promise<void>((resolve) => (held = resolve))
  const done = withClient(url, async (client) => {
    await client.query('BEGIN')
    await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [LOCK_KEY.ingest])
    held()
    await release
    await client.query('COMMIT')
  })
  await Promise.race([isHeld, done])
  return { done }
}

const POOL_SIZE = 10
const CONNECTION_TIMEOUT_MS = 2000

const main = async (): Promise<boolean> => {
  const args = process.argv.slice(2)
  const children = numberOption(args, 'children', 2000)
  const requests = numberOption(args, 'requests', POOL_SIZE * 10)
  const holdMs = numberOption(args, 'hold-ms', 6000)
  const city = await startCityServer({ children, prefix: 'ew_fault' })
  const { server, database, childIds, today } = city
  const oneLine = (i: number): string =>
    `${JSON.stringify({
      kind: 'ace_indicator',
      source: 'social_care',
      sourceId: `R5-${i}`,
      subject: { childId: childIds[i % childIds.length] },
      recordedAt: new Date().toISOString(),
      category: 'parental_separation',
      identifiedOn: today,
    })}\n`
  const ingest = (i: number) => ({ authorization: `Bearer ${tokenOf(server.secrets, 'ingest', `r5-ingest-${i}`)}`, 'content-type': 'application/x-ndjson' })
  const mash = (i: number) => ({ authorization: `Bearer ${tokenOf(server.secrets, 'mash', `r5-mash-${i}`)}` })

  // Open the client's sockets first (150 new connections at once take a second or more here), so what is timed is the server.
  await Promise.all(Array.from({ length: requests + requests / 2 }, () => timedFetch(`${server.url}/health`)))
  let release: () => void = () => undefined
  const lock = await holdIngestLock(database.url, new Promise<void>((resolve) => (release = resolve)))
  const started = performance.now()
  const releasing = sleep(holdMs).then(() => release())
  const posts = Array.from({ length: requests }, (_, i) =>
    timedFetch(`${server.url}/facts`, { method: 'POST', headers: ingest(i), body: oneLine(i) }, true),
  )
  // Lookups while every connection is taken.
  await sleep(200)
  const lookups = Array.from({ length: requests / 2 }, (_, i) =>
    timedFetch(`${server.url}/children/${childIds[(i * 7919) % childIds.length] ?? ''}/flags`, { headers: mash(i) }, true),
  )
  const answered: Timed[] = await Promise.all([...posts, ...lookups])
  const allMs = performance.now() - started
  await releasing
  await lock.done

  const unavailable = answered.filter((r) => r.status === 503)
  const ok = answered.filter((r) => r.status === 200)
  const other = answered.filter((r) => r.status !== 200 && r.status !== 503)
  const pool = await settledConnections(database, 15_000)
  // The server's own timing of its 503s (access log: routing to answer), beside what the client saw.
  const serverMs = server
    .logRecords()
    .filter((r) => r['event'] === 'request' && r['status'] === 503)
    .map((r) => Number(r['durationMs']))
  const probe = await timedFetch(`${server.url}/children/${childIds[0] ?? ''}/flags`, { headers: mash(9999) })
  const alive = server.rssMb() > 0

  const inv = new Invariants()
  inv.check(unavailable.length > 0, 'the pool was exhausted: some requests were refused with 503')
  inv.check(other.length === 0, `only 200 or 503 (got ${statusSummary(other)})`)
  inv.check(percentile(serverMs, 99) < CONNECTION_TIMEOUT_MS + 500, '503s fast: server-side p99 under connectionTimeoutMillis + 0.5 s')
  inv.check(pool.active === 0 && pool.idleInTransaction === 0, 'pool idle afterwards (no statement running, no open transaction)')
  inv.check(probe.status === 200, 'a lookup afterwards is served')
  inv.check(alive, 'the server is still running')
  printFigures('R5 pool exhaustion', `${children} children, pool ${POOL_SIZE}, ingest lock held ${seconds(holdMs)}, ${requests} one-line POST /facts + ${requests / 2} lookups`, [
    ['statuses (small batches, lookups)', statusSummary(answered)],
    ['503 details', detailSummary(unavailable)],
    ['503 latency at the client p50 / p99 / max', `${seconds(percentile(unavailable.map((r) => r.ms), 50))} / ${seconds(percentile(unavailable.map((r) => r.ms), 99))} / ${seconds(Math.max(0, ...unavailable.map((r) => r.ms)))}`],
    ['503 in the server (access log) p50 / p99', `${seconds(percentile(serverMs, 50))} / ${seconds(percentile(serverMs, 99))}`],
    ['200 latency p50 / max', `${seconds(percentile(ok.map((r) => r.ms), 50))} / ${seconds(Math.max(0, ...ok.map((r) => r.ms)))}`],
    ['all answered in', seconds(allMs)],
    ['server connections after', poolText(pool)],
    ['lookup afterwards', `${probe.status} in ${probe.ms.toFixed(0)} ms`],
  ])
  inv.finish('R5: exhausted pool answers 503 fast, no 500, no hang, back to idle')
  return inv.failed.length === 0
}

runScript('fault:pool-exhaustion', main)
