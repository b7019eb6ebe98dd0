/**
 * `GET /rules`: the active rule set, as data, for anyone signed in (DOMAIN §0:
 * the rules are published to their users). It holds no child data.
 */
import type { FastifyInstance } from 'fastify'
import type { RuleSet } from '../../engine/rule-set/rule-set'
import { TOKEN_PROBLEMS, noQuery, problemResponses } from '../schemas/problem.schema'

export const rulesRoutes = async (app: FastifyInstance, deps: { readonly ruleSet: () => RuleSet }): Promise<void> => {
  app.get(
    '/rules',
    {
      schema: {
        summary: 'The active rule set',
        security: [{ bearer: [] }],
        querystring: noQuery,
        response: { 200: { type: 'object', additionalProperties: true }, ...problemResponses(...TOKEN_PROBLEMS) },
      },
    },
    async () => deps.ruleSet(),
  )
}
