/**
 * `GET /audit?childId=&sub=&from=&to=&limit=&cursor=` (SPEC §6, role
 * `admin`): the audit log, newest first; every filter optional. `from` and
 * `to` are dates (whole UTC days, both included) or RFC 3339 instants.
 * Reading the log is itself recorded.
 */
import type { FastifyInstance } from 'fastify'
import { isIsoDate, addDays } from '../../engine/time/calendar'
import { parseInstant } from '../../engine/time/london'
import { recordAudit } from '../audit/record-audit'
import { decodeAuditCursor } from '../audit/audit-store'
import { sendAs } from '../http/send-as'
import { problem } from '../problems'
import { childIdSchema, CURSOR_PATTERN, INSTANT_OR_DATE_PATTERN, SUBJECT_PATTERN } from '../schemas/common.schema'
import { TOKEN_PROBLEMS, problemResponses } from '../schemas/problem.schema'
import type { RouteDeps } from './child-access'

export const DEFAULT_AUDIT_PAGE = 100
export const MAX_AUDIT_PAGE = 1000

interface AuditRequest {
  readonly Querystring: {
    readonly childId?: string
    readonly sub?: string
    readonly from?: string
    readonly to?: string
    readonly limit?: number
    readonly cursor?: string
  }
}

const instantOrDate = { type: 'string', minLength: 10, maxLength: 35, pattern: INSTANT_OR_DATE_PATTERN } as const

const querySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    childId: childIdSchema,
    sub: { type: 'string', minLength: 1, maxLength: 128, pattern: SUBJECT_PATTERN },
    from: instantOrDate,
    to: instantOrDate,
    limit: { type: 'integer', minimum: 1, maximum: MAX_AUDIT_PAGE },
    cursor: { type: 'string', minLength: 1, maxLength: 200, pattern: CURSOR_PATTERN },
  },
} as const

const nullableString = { type: ['string', 'null'] } as const

export const auditPageSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['entries', 'nextCursor'],
  properties: {
    entries: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'occurredAt', 'sub', 'iss', 'role', 'method', 'route', 'childIds', 'cohort', 'outcome', 'purpose', 'requestId'],
        properties: {
          id: { type: 'string' },
          occurredAt: { type: 'string' },
          sub: nullableString,
          iss: nullableString,
          role: nullableString,
          method: { type: 'string' },
          route: { type: 'string' },
          childIds: { type: 'array', items: { type: 'string' } },
          cohort: nullableString,
          outcome: { type: 'string' },
          purpose: nullableString,
          requestId: { type: 'string' },
        },
      },
    },
    nextCursor: nullableString,
  },
} as const

const invalid = (path: string, expected: string) => problem('invalid-input', { errors: [{ in: 'querystring', path, expected }] })

/** A bound as an instant: a date stands for the start of that UTC day (`to` for the start of the next). */
export const boundOf = (name: 'from' | 'to', value: string | undefined): string | undefined => {
  if (value === undefined) return undefined
  if (isIsoDate(value)) return `${name === 'to' ? addDays(value, 1) : value}T00:00:00.000Z`
  const ms = parseInstant(value.replace(' ', 'T'))
  if (ms === undefined) throw invalid(name, 'a date YYYY-MM-DD or an RFC 3339 date-time')
  return new Date(ms).toISOString()
}

export const auditRoutes = async (app: FastifyInstance, deps: RouteDeps): Promise<void> => {
  app.get<AuditRequest>(
    '/audit',
    {
      schema: {
        summary: 'The audit log, newest first (admin)',
        security: [{ bearer: [] }],
        querystring: querySchema,
        response: { 200: auditPageSchema, ...problemResponses(...TOKEN_PROBLEMS, 403) },
      },
    },
    async (request, reply) => {
      const q = request.query
      const after = q.cursor === undefined ? undefined : decodeAuditCursor(q.cursor)
      if (q.cursor !== undefined && after === undefined) throw invalid('cursor', 'a cursor from a previous page')
      const from = boundOf('from', q.from)
      const to = boundOf('to', q.to)
      const page = await deps.services.auditLog({
        ...(q.childId === undefined ? {} : { childId: q.childId }),
        ...(q.sub === undefined ? {} : { sub: q.sub }),
        ...(from === undefined ? {} : { from }),
        ...(to === undefined ? {} : { to }),
        limit: q.limit ?? DEFAULT_AUDIT_PAGE,
        ...(after === undefined ? {} : { after }),
      })
      // Reading the log is a consultation of what it says about each child it names (DPA 2018 s62;
      // RELIABILITY P4): the row names them all, and the child asked about even when nobody viewed it.
      const named = new Set(q.childId === undefined ? [] : [q.childId])
      for (const entry of page.entries) for (const childId of entry.childIds) named.add(childId)
      await recordAudit(deps.writeAudit, deps.clock, request, { outcome: 'ok', childIds: [...named] })
      return sendAs(reply, auditPageSchema, page)
    },
  )
}
