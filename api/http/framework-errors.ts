/**
 * What Fastify answers before routing, when a path cannot be decoded or a
 * path parameter is longer than `maxParamLength` (./fastify-options): a 400
 * problem+json like every other refusal, with the headers every answer
 * carries, instead of Fastify's own JSON, which repeats the path (and a
 * path can carry a name). Routes never see these requests.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { sendProblem } from './error-handler'
import { EVERY_ANSWER_HEADERS } from './response-headers'

/** Longest path parameter the router takes; a childId or cohort name is far shorter. */
export const MAX_PARAM_LENGTH = 64

const EXPECTED: Readonly<Record<string, string>> = {
  FST_ERR_BAD_URL: 'a path with valid percent-encoding',
  FST_ERR_MAX_PARAM_LENGTH: `path parameters of at most ${MAX_PARAM_LENGTH} characters`,
}

export const frameworkErrors = (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
  const expected = EXPECTED[error.code]
  const answer =
    expected === undefined ? { slug: 'internal' as const } : { slug: 'invalid-input' as const, errors: [{ in: 'path', path: '(all)', expected }] }
  const fields = { event: 'request_refused', problem: answer.slug, code: error.code, method: request.method, route: '(no route)' }
  if (answer.slug === 'internal') request.log.error(fields, 'request failed')
  else request.log.info(fields, 'request refused')
  // Fastify runs no route hooks for these (./response-headers' onSend among them).
  reply.headers(EVERY_ANSWER_HEADERS)
  sendProblem(reply, request.id, answer)
}
