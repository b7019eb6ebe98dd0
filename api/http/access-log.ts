/**
 * The one log line per request (RELIABILITY §3 item 5): method, route
 * pattern, status, duration, role and (through the request's child logger)
 * the request id. Never the URL, the query string, headers or a body: a URL
 * can carry a family name or a date of birth.
 */
import type { FastifyReply, FastifyRequest } from 'fastify'

export const accessLogHook = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
  request.log.info(
    {
      event: 'request',
      method: request.method,
      route: request.routeOptions.url ?? '(no route)',
      status: reply.statusCode,
      durationMs: Math.round(reply.elapsedTime * 10) / 10,
      role: request.principal?.role ?? null,
    },
    'request completed',
  )
}
