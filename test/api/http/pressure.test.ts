/**
 * Load shedding (RELIABILITY §5, S4, R6) as the composition root sets it up:
 * when the database health check fails, or the heap is over its threshold,
 * every request but `/health` is a 503 problem with `Retry-After`; when the
 * cause goes away, requests are served again without a restart. (The time
 * to shed and to recover is a figure of the N-tier script
 * test/fault/backpressure.ts, not an assertion here.)
 */
import t from 'tap'
import { DEFAULT_PRESSURE, type PressureSettings } from '../../../api/http/pressure'
import { bearer, buildTestApp } from '../helper'

// Checks every few milliseconds; the event-loop delay is left out here (0 = off): sampled that often, a
// sample can hold no tick at all, which under-pressure counts as an infinite delay.
const FAST: PressureSettings = { ...DEFAULT_PRESSURE, maxEventLoopDelayMs: 0, sampleIntervalMs: 10, healthCheckIntervalMs: 20 }

const until = async (condition: () => Promise<boolean>): Promise<void> => {
  // Bounded by count, not time: the check runs every 20 ms, so a few hundred turns are plenty.
  for (let i = 0; i < 500; i++) {
    if (await condition()) return
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  throw new Error('condition never held')
}

t.test('a database that does not answer sheds every request but /health, and recovery needs no restart', async (t) => {
  let up = true
  const { app } = await buildTestApp({
    pressure: FAST,
    services: { ping: async () => (up ? undefined : Promise.reject(new Error('ECONNREFUSED 10.0.0.1'))) },
  })
  t.teardown(() => app.close())
  t.equal((await app.inject({ method: 'GET', url: '/rules', headers: bearer('mash') })).statusCode, 200, 'served while it answers')
  up = false
  await until(async () => (await app.inject({ method: 'GET', url: '/rules', headers: bearer('mash') })).statusCode === 503)
  t.equal((await app.inject({ method: 'GET', url: '/ready' })).statusCode, 503, 'not ready')
  const shed = await app.inject({ method: 'GET', url: '/rules', headers: bearer('mash') })
  t.equal(shed.statusCode, 503)
  t.equal(shed.headers['retry-after'], String(FAST.retryAfterS))
  t.match(shed.headers['content-type'], /^application\/problem\+json/)
  t.match(shed.json(), { type: 'https://early-warning.invalid/problems/service-unavailable', detail: 'The database does not answer.' })
  t.notOk(shed.body.includes('10.0.0.1'), 'nothing of the error reaches the client')
  t.equal((await app.inject({ method: 'GET', url: '/health' })).statusCode, 200, '/health stays 200: the process is alive')
  up = true
  await until(async () => (await app.inject({ method: 'GET', url: '/rules', headers: bearer('mash') })).statusCode === 200)
  t.equal((await app.inject({ method: 'GET', url: '/ready' })).statusCode, 200, 'ready again')
})

t.test('a heap over its threshold sheds load the same way', async (t) => {
  const { app } = await buildTestApp({ pressure: { ...FAST, maxHeapUsedBytes: 1 } })
  t.teardown(() => app.close())
  await until(async () => (await app.inject({ method: 'GET', url: '/rules', headers: bearer('mash') })).statusCode === 503)
  const shed = await app.inject({ method: 'GET', url: '/rules', headers: bearer('mash') })
  t.match(shed.json(), { status: 503, detail: 'The service is overloaded.' })
  t.equal(shed.headers['retry-after'], String(FAST.retryAfterS))
  t.equal((await app.inject({ method: 'GET', url: '/health' })).statusCode, 200)
})

t.test('without pressure settings (tests, in-process scripts) nothing is shed', async (t) => {
  const { app } = await buildTestApp({ services: { ping: async () => Promise.reject(new Error('down')) } })
  t.teardown(() => app.close())
  t.equal((await app.inject({ method: 'GET', url: '/rules', headers: bearer('mash') })).statusCode, 200)
})
