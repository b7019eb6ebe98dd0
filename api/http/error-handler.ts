/**
 * Every error becomes `application/problem+json` (RELIABILITY §3 item 4:
 * Fastify's default handler would echo `error.message`, which for a database
 * or parser error can carry the input).
 *
 * - Our own `ProblemError`s are answered as they are.
 * - Schema validation failures are 400 `invalid-input` with one item per
 *   failure: where (`querystring`, `params`), the path, and what was expected;
 *   a property name from the input is echoed only if it looks like a field name.
 * - A database that cannot serve now (pool timeout, connection refused or
 *   dropped, shutting down, statement timeout) is 503 with `Retry-After`
 *   (storage/database/database-unavailable), never a 500.
 * - Framework and plugin errors with a 4xx/503 status map to the catalogue by
 *   status, with no detail.
 * - Anything else is a generic 500 that names only the request id; the error
 *   is logged through the safe `err` serializer.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import type { ProblemItem, ProblemSlug } from '../problems'
import { PROBLEM_CONTENT_TYPE, ProblemError, problemBody, slugOfStatus } from '../problems'
import { displayKey } from '../../engine/batch/field-path'
import { PATTERN_WORDS } from '../schemas/common.schema'
import { isDatabaseUnavailable } from '../../storage/database/database-unavailable'

/** Seconds a client is asked to wait before trying again when the database is away. */
export const DATABASE_RETRY_AFTER_S = 5

interface AjvIssue {
  readonly keyword?: string
  readonly instancePath?: string
  readonly message?: string
  readonly params?: Record<string, unknown>
}

const safePath = (instancePath: string | undefined, params: Record<string, unknown> | undefined): string => {
  const segments = (instancePath ?? '').split('/').filter((s) => s !== '')
  const extra = params?.['missingProperty'] ?? params?.['additionalProperty']
  if (typeof extra === 'string') segments.push(extra)
  return segments.length === 0 ? '(all)' : segments.map(displayKey).join('.')
}

const expectedOf = (issue: AjvIssue): string => {
  if (issue.keyword === 'pattern') return PATTERN_WORDS[String(issue.params?.['pattern'])] ?? 'a value of the expected form'
  // Ajv's other messages describe the schema ("must be integer"), never the value.
  return (issue.message ?? 'a valid value').replace(/^must /, '')
}

const validationItems = (error: FastifyError): readonly ProblemItem[] =>
  ((error.validation ?? []) as readonly AjvIssue[]).map((issue) => {
    const path = safePath(issue.instancePath, issue.params)
    return { in: error.validationContext ?? 'request', path, expected: expectedOf(issue) }
  })

interface Answer {
  readonly slug: ProblemSlug
  readonly detail?: string | undefined
  readonly errors?: readonly ProblemItem[] | undefined
  readonly headers?: Readonly<Record<string, string>>
}

export const answerOf = (error: FastifyError | ProblemError | Error): Answer => {
  if (error instanceof ProblemError) {
    return { slug: error.slug, detail: error.detail, errors: error.errors, headers: error.headers }
  }
  const fastifyError = error as FastifyError
  if (Array.isArray(fastifyError.validation)) {
    return { slug: 'invalid-input', errors: validationItems(fastifyError) }
  }
  if (isDatabaseUnavailable(error)) {
    return {
      slug: 'service-unavailable',
      detail: 'The database is not available; try again shortly.',
      headers: { 'retry-after': String(DATABASE_RETRY_AFTER_S) },
    }
  }
  const status = typeof fastifyError.statusCode === 'number' ? fastifyError.statusCode : 500
  return { slug: status >= 500 && status !== 503 ? 'internal' : slugOfStatus(status) }
}

export const sendProblem = (reply: FastifyReply, requestId: string, answer: Answer): FastifyReply => {
  const body = problemBody(answer.slug, requestId, { detail: answer.detail, errors: answer.errors })
  return reply
    .code(body.status)
    .headers(answer.headers ?? {})
    .type(PROBLEM_CONTENT_TYPE)
    .serializer((payload: unknown) => JSON.stringify(payload))
    .send(body)
}

export const errorHandler = (error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
  const answer = answerOf(error)
  if (answer.slug === 'internal' || answer.slug === 'service-unavailable') {
    request.log.error({ err: error, method: request.method, route: request.routeOptions.url }, 'request failed')
  } else {
    request.log.info(
      { event: 'request_refused', problem: answer.slug, method: request.method, route: request.routeOptions.url },
      'request refused',
    )
  }
  return sendProblem(reply, request.id, answer)
}
