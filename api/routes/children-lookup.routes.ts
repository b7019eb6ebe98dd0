/**
 * `GET /children?upn=…`, `?nhsNumber=…` or `?familyName=…&dateOfBirth=…`
 * (SPEC §6, MASH only): "is this child already known?" Exactly one way of
 * asking per request. Identifiers are normalised as facts are (spaces removed,
 * upper case) and must pass their check; names are NFC-normalised.
 *
 * These query values are exactly what must never be logged: they reach only
 * the lookup port, never a log line or an error message.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { normaliseAgencyIdentifier } from '../../engine/facts/identifiers/normalise'
import { isValidUpn } from '../../engine/facts/identifiers/upn'
import { isValidNhsNumber } from '../../engine/facts/identifiers/nhs-number'
import { hasForbiddenCharacter } from '../../engine/facts/codecs/text'
import { isIsoDate } from '../../engine/time/calendar'
import type { ChildLookup } from '../services'
import { recordAudit } from '../audit/record-audit'
import { sendAs } from '../http/send-as'
import { problem } from '../problems'
import { isoDateSchema, tierSchema } from '../schemas/common.schema'
import { TOKEN_PROBLEMS, problemResponses } from '../schemas/problem.schema'
import type { RouteDeps } from './child-access'

interface LookupQuery {
  readonly upn?: string
  readonly nhsNumber?: string
  readonly familyName?: string
  readonly dateOfBirth?: string
}

const querySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    upn: { type: 'string', minLength: 1, maxLength: 32 },
    nhsNumber: { type: 'string', minLength: 1, maxLength: 32 },
    familyName: { type: 'string', minLength: 1, maxLength: 100 },
    dateOfBirth: isoDateSchema,
  },
} as const

export const lookupSchema = {
  title: 'Children found (mash)',
  type: 'object',
  additionalProperties: false,
  required: ['children'],
  properties: {
    children: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['childId', 'dateOfBirth', 'locality', 'tier'],
        properties: {
          childId: { type: 'string' },
          givenName: { type: 'string' },
          familyName: { type: 'string' },
          dateOfBirth: { type: 'string' },
          locality: { type: 'string' },
          tier: { anyOf: [tierSchema, { type: 'null' }] },
        },
      },
    },
  },
} as const

const invalid = (path: string, expected: string) =>
  problem('invalid-input', { errors: [{ in: 'querystring', path, expected }] })

/** The one lookup a query asks for, or a 400 saying what a lookup needs. */
export const lookupOf = (q: LookupQuery): ChildLookup => {
  const ways = [q.upn !== undefined, q.nhsNumber !== undefined, q.familyName !== undefined || q.dateOfBirth !== undefined]
  if (ways.filter(Boolean).length !== 1) {
    throw invalid('(all)', 'exactly one of upn, nhsNumber, or familyName with dateOfBirth')
  }
  if (q.upn !== undefined) {
    const upn = normaliseAgencyIdentifier(q.upn)
    if (!isValidUpn(upn)) throw invalid('upn', 'a UPN with a valid check letter')
    return { by: 'upn', upn }
  }
  if (q.nhsNumber !== undefined) {
    const nhsNumber = normaliseAgencyIdentifier(q.nhsNumber)
    if (!isValidNhsNumber(nhsNumber)) throw invalid('nhsNumber', 'an NHS number with a valid check digit')
    return { by: 'nhsNumber', nhsNumber }
  }
  if (q.familyName === undefined || q.dateOfBirth === undefined) {
    throw invalid(q.familyName === undefined ? 'familyName' : 'dateOfBirth', 'familyName and dateOfBirth together')
  }
  if (hasForbiddenCharacter(q.familyName) || q.familyName.trim() === '') {
    throw invalid('familyName', 'a name without control characters')
  }
  if (!isIsoDate(q.dateOfBirth)) throw invalid('dateOfBirth', 'a date YYYY-MM-DD that exists')
  return { by: 'name', familyName: q.familyName.normalize('NFC').trim(), dateOfBirth: q.dateOfBirth }
}

export const childrenLookupRoutes = async (app: FastifyInstance, deps: RouteDeps): Promise<void> => {
  app.get<{ readonly Querystring: LookupQuery }>(
    '/children',
    {
      schema: {
        summary: 'Is this child already known? (MASH)',
        security: [{ bearer: [] }],
        querystring: querySchema,
        response: { 200: lookupSchema, ...problemResponses(...TOKEN_PROBLEMS, 404) },
      },
    },
    async (request: FastifyRequest<{ readonly Querystring: LookupQuery }>, reply) => {
      const lookup = lookupOf(request.query)
      const children = await deps.services.findChildren(lookup)
      const childIds = children.map((c) => c.childId)
      await recordAudit(deps.writeAudit, deps.clock, request, { outcome: childIds.length > 0 ? 'ok' : 'not_found', childIds })
      return sendAs(reply, lookupSchema, { children })
    },
  )
}
