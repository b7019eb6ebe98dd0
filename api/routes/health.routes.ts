/**
 * `GET /health` (the process is alive) and `GET /ready` (the database answers
 * `select 1` within 500 ms). Neither needs a token nor says anything about
 * children; `/ready` says only "ready" or "not ready".
 */
import type { FastifyInstance } from 'fastify'
import type { ApiServices } from '../services'
import { problem } from '../problems'
import { noQuery, problemResponses } from '../schemas/problem.schema'

export const READY_TIMEOUT_MS = 500

const statusSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['status'],
  properties: { status: { type: 'string', enum: ['ok', 'ready'] } },
} as const

/** Resolves true when `ping` answers within `ms` (plus one turn of the event loop); never rejects. */
export const answersWithin = async (ping: (signal: AbortSignal) => Promise<void>, ms: number): Promise<boolean> => {
  const controller = new AbortController()
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => {
      // After a stall of this process's own event loop the timer phase runs
      // before the poll phase has read a reply already waiting on the socket:
      // let one poll phase pass (setImmediate runs after it), so that our own
      // lag is not taken for a database that does not answer.
      setImmediate(() => {
        controller.abort()
        resolve(false)
      })
    }, ms)
  })
  try {
    return await Promise.race([ping(controller.signal).then(() => true, () => false), timeout])
  } finally {
    clearTimeout(timer)
  }
}

export const healthRoutes = async (app: FastifyInstance, services: Pick<ApiServices, 'ping'>): Promise<void> => {
  app.get(
    '/health',
    {
      config: { rateLimit: false },
      schema: { summary: 'The process is alive', querystring: noQuery, response: { 200: statusSchema } },
    },
    async () => ({ status: 'ok' }),
  )
  app.get(
    '/ready',
    {
      config: { rateLimit: false },
      schema: { summary: 'The database answers', querystring: noQuery, response: { 200: statusSchema, ...problemResponses(503) } },
    },
    async (request) => {
      if (await answersWithin(services.ping, READY_TIMEOUT_MS)) return { status: 'ready' }
      request.log.warn({ event: 'not_ready' }, 'database did not answer')
      throw problem('service-unavailable', { detail: 'The database does not answer.' })
    },
  )
}
