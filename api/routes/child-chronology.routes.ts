/** `GET /children/:childId/chronology` (SPEC §6): the child's facts, newest first, filtered by role. */
import type { FastifyInstance } from 'fastify'
import { recordAudit } from '../audit/record-audit'
import { chronologyFor } from '../access/chronology-view'
import { policyOf } from '../access/role-policy'
import { sendAs } from '../http/send-as'
import { problem } from '../problems'
import { CHRONOLOGY_SCHEMAS } from '../schemas/chronology.schema'
import { childParams } from '../schemas/common.schema'
import { TOKEN_PROBLEMS, noQuery, problemResponses } from '../schemas/problem.schema'
import type { RouteDeps } from './child-access'
import { principalOf, visibleChild } from './child-access'

export const childChronologyRoutes = async (app: FastifyInstance, deps: RouteDeps): Promise<void> => {
  app.get<{ readonly Params: { readonly childId: string } }>(
    '/children/:childId/chronology',
    {
      schema: {
        summary: "One child's facts across agencies, newest first, as the caller's role may see them",
        security: [{ bearer: [] }],
        params: childParams,
        querystring: noQuery,
        response: { 200: { oneOf: Object.values(CHRONOLOGY_SCHEMAS) }, ...problemResponses(...TOKEN_PROBLEMS, 404) },
      },
    },
    async (request, reply) => {
      const { role } = principalOf(request)
      const child = await visibleChild(deps, request, request.params.childId)
      const document = chronologyFor(policyOf(role), child)
      const schema = CHRONOLOGY_SCHEMAS[role]
      if (schema === undefined) throw problem('not-found')
      await recordAudit(deps.writeAudit, deps.clock, request, { outcome: 'ok', childIds: [child.child.childId] })
      return sendAs(reply, schema, document)
    },
  )
}
