/** `GET /children/:childId/flags?asOf=` (SPEC §6): one child's flags, filtered by role. */
import type { FastifyInstance } from 'fastify'
import { tierOf } from '../../engine/evaluate/tier'
import { todayInLondon } from '../clock'
import { recordAudit } from '../audit/record-audit'
import { flagsDocumentFor } from '../access/flag-view'
import { policyOf } from '../access/role-policy'
import { sendAs } from '../http/send-as'
import { problem } from '../problems'
import { FLAGS_SCHEMAS } from '../schemas/flags.schema'
import { childParams, isoDateSchema } from '../schemas/common.schema'
import { TOKEN_PROBLEMS, problemResponses } from '../schemas/problem.schema'
import type { RouteDeps } from './child-access'
import { dateParam, principalOf, visibleChild } from './child-access'

interface FlagsRequest {
  readonly Params: { readonly childId: string }
  readonly Querystring: { readonly asOf?: string }
}

export const childFlagsRoutes = async (app: FastifyInstance, deps: RouteDeps): Promise<void> => {
  app.get<FlagsRequest>(
    '/children/:childId/flags',
    {
      schema: {
        summary: "One child's flags with their evidence, as the caller's role may see them",
        security: [{ bearer: [] }],
        params: childParams,
        querystring: { type: 'object', additionalProperties: false, properties: { asOf: isoDateSchema } },
        response: { 200: { oneOf: Object.values(FLAGS_SCHEMAS) }, ...problemResponses(...TOKEN_PROBLEMS, 404) },
      },
    },
    async (request, reply) => {
      const { role } = principalOf(request)
      const asOf = dateParam('asOf', request.query.asOf, todayInLondon(deps.clock))
      const child = await visibleChild(deps, request, request.params.childId)
      const evaluation = await deps.services.evaluate(child, asOf)
      const document = flagsDocumentFor(policyOf(role), evaluation, (score) => tierOf(score, deps.ruleSet.tiers))
      const schema = FLAGS_SCHEMAS[role]
      if (schema === undefined) throw problem('not-found')
      await recordAudit(deps.writeAudit, deps.clock, request, { outcome: 'ok', childIds: [child.child.childId] })
      return sendAs(reply, schema, document)
    },
  )
}
