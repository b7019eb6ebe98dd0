/**
 * `GET /unmatched?limit=&cursor=` (SPEC §6, role `admin`): facts waiting for
 * a child record, without their content: kind, source, sourceId, identifier
 * type and arrival time. Not child-level data (no child is named), so not
 * audited.
 */
import type { FastifyInstance } from 'fastify'
import { sendAs } from '../http/send-as'
import { problem } from '../problems'
import { CURSOR_PATTERN } from '../schemas/common.schema'
import { TOKEN_PROBLEMS, problemResponses } from '../schemas/problem.schema'
import type { RouteDeps } from './child-access'

export const MAX_UNMATCHED_PAGE = 1000

interface UnmatchedRequest {
  readonly Querystring: { readonly limit?: number; readonly cursor?: string }
}

export const unmatchedSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['facts', 'nextCursor'],
  properties: {
    facts: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['kind', 'source', 'sourceId', 'identifierType', 'arrivedAt'],
        properties: {
          kind: { type: 'string' },
          source: { type: 'string' },
          sourceId: { type: 'string' },
          identifierType: { type: 'string' },
          arrivedAt: { type: 'string' },
        },
      },
    },
    nextCursor: { type: ['string', 'null'] },
  },
} as const

export const unmatchedRoutes = async (app: FastifyInstance, deps: RouteDeps): Promise<void> => {
  app.get<UnmatchedRequest>(
    '/unmatched',
    {
      schema: {
        summary: 'Facts waiting for a child record, without their content (admin)',
        security: [{ bearer: [] }],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            limit: { type: 'integer', minimum: 1, maximum: MAX_UNMATCHED_PAGE },
            cursor: { type: 'string', minLength: 1, maxLength: 400, pattern: CURSOR_PATTERN },
          },
        },
        response: { 200: unmatchedSchema, ...problemResponses(...TOKEN_PROBLEMS, 403) },
      },
    },
    async (request, reply) => {
      const { limit, cursor } = request.query
      const page = await deps.services.unmatched({ limit: limit ?? MAX_UNMATCHED_PAGE, ...(cursor === undefined ? {} : { cursor }) })
      if (page._tag === 'BadCursor') {
        throw problem('invalid-input', { errors: [{ in: 'querystring', path: 'cursor', expected: 'a cursor from a previous page' }] })
      }
      return sendAs(reply, unmatchedSchema, { facts: page.facts, nextCursor: page.nextCursor })
    },
  )
}
