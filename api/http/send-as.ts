/**
 * Sending a body through the schema of the caller's role: Fastify compiles
 * (and caches) a fast-json-stringify serializer per schema object, which
 * writes only the properties the schema declares (OWASP API3, RELIABILITY
 * §5 "one per role").
 */
import type { FastifyReply } from 'fastify'

export const sendAs = (reply: FastifyReply, schema: object, body: unknown): FastifyReply => {
  const serialize = reply.compileSerializationSchema(schema as Record<string, unknown>)
  return reply
    .type('application/json; charset=utf-8')
    .serializer((payload: unknown) => serialize(payload as Record<string, unknown>))
    .send(body)
}
