/**
 * Headers every answer carries.
 *
 * - `Cache-Control: no-store` (ASVS V14.3.2): answers carry child data or
 *   refusals about it; nothing is cacheable by a browser or a proxy.
 * - `X-Content-Type-Options: nosniff`, so CSV or JSON is never rendered as HTML.
 * - `Connection: close` once the server is closing (RELIABILITY §3 item 13):
 *   clients then drop their keep-alive sockets and the process can exit as
 *   soon as in-flight requests are done.
 */
import type { FastifyInstance } from 'fastify'

/** What every answer carries, whether or not a route's hooks run for it (./framework-errors). */
export const EVERY_ANSWER_HEADERS = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' } as const

export const addResponseHeaders = (app: FastifyInstance): void => {
  let closing = false
  app.addHook('preClose', async () => {
    closing = true
  })
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.headers(EVERY_ANSWER_HEADERS)
    if (closing) reply.header('connection', 'close')
    return payload
  })
}
