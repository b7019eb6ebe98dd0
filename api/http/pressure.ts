/**
 * Backpressure and readiness (RELIABILITY §5 "Plugins", S4, R6) through
 * @fastify/under-pressure: when the event loop lags, the heap is nearly full
 * or the database does not answer, requests are refused at once with a 503
 * problem and `Retry-After`, instead of queueing behind work that cannot
 * finish; the service recovers by itself when the cause goes away.
 *
 * - The database is checked every `healthCheckIntervalMs` by `ping`, bounded
 *   to 500 ms (never waiting for ever); the first check runs before the
 *   server listens (under-pressure counts the service unhealthy until then).
 * - Event-loop utilisation is not a criterion: a saturated but responsive
 *   loop (ELU near 1 under S1's 200 connections) serves well; its delay is
 *   what tells that answers are late.
 * - `/health` is never refused: it says the process is alive, which stays
 *   true while the database is away (R6).
 * - A sample in which the loop never turned has no delay figure at all;
 *   under-pressure counts that as infinite delay and sheds until the next
 *   sample (a second), which is what a blocked loop deserves.
 */
import { getHeapStatistics } from 'node:v8'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { FastifyUnderPressureOptions } from '@fastify/under-pressure'
import { problem } from '../problems'
import { answersWithin, READY_TIMEOUT_MS } from '../routes/health.routes'

export interface PressureSettings {
  /** Mean event-loop delay over a sample that sheds load. */
  readonly maxEventLoopDelayMs: number
  /** Heap in use that sheds load; default 80 % of V8's heap limit. */
  readonly maxHeapUsedBytes: number
  readonly sampleIntervalMs: number
  readonly healthCheckIntervalMs: number
  /** Seconds, in `Retry-After`. */
  readonly retryAfterS: number
}

export const DEFAULT_PRESSURE: PressureSettings = {
  maxEventLoopDelayMs: 500,
  maxHeapUsedBytes: Math.floor(getHeapStatistics().heap_size_limit * 0.8),
  sampleIntervalMs: 1000,
  healthCheckIntervalMs: 5000,
  retryAfterS: 10,
}

/** Routes answered even under pressure. */
export const NEVER_SHED: ReadonlySet<string> = new Set(['/health'])

const DETAIL: Readonly<Record<string, string>> = {
  healthCheck: 'The database does not answer.',
  eventLoopDelay: 'The service is overloaded.',
  heapUsedBytes: 'The service is overloaded.',
}

export const underPressureOptions = (
  ping: (signal: AbortSignal) => Promise<void>,
  settings: PressureSettings = DEFAULT_PRESSURE,
): FastifyUnderPressureOptions => ({
  maxEventLoopDelay: settings.maxEventLoopDelayMs,
  maxHeapUsedBytes: settings.maxHeapUsedBytes,
  sampleInterval: settings.sampleIntervalMs,
  retryAfter: settings.retryAfterS,
  healthCheck: () => answersWithin(ping, READY_TIMEOUT_MS),
  healthCheckInterval: settings.healthCheckIntervalMs,
  // Returning nothing lets the request through; a rejection is answered by the error handler as problem+json.
  pressureHandler: (request: FastifyRequest, _reply: FastifyReply, type: string) => {
    if (NEVER_SHED.has(request.routeOptions.url ?? '')) return undefined
    return Promise.reject(
      problem('service-unavailable', {
        detail: DETAIL[type] ?? 'The service is overloaded.',
        headers: { 'retry-after': String(settings.retryAfterS) },
      }),
    )
  },
})
