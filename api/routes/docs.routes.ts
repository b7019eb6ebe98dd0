/** `GET /docs`: the OpenAPI description generated from the route schemas. No token needed. */
import type { FastifyInstance } from 'fastify'
import { noQuery } from '../schemas/problem.schema'

export const docsRoutes = async (app: FastifyInstance): Promise<void> => {
  app.get('/docs', { schema: { hide: true, querystring: noQuery } }, async () => app.swagger())
}
