/**
 * Compact JWS signing with HS256 (RFC 7515/7518), enough for the service's own
 * tokens. Verification is not here: it is @fastify/jwt's (fast-jwt's) job,
 * with the algorithm pinned.
 */
import { createHmac } from 'node:crypto'

const base64Url = (text: string | Buffer): string => Buffer.from(text).toString('base64url')

/** `header.payload.signature`, the header and payload JSON-encoded as given. */
export const signCompact = (header: object, payload: object, secret: string): string => {
  const signingInput = `${base64Url(JSON.stringify(header))}.${base64Url(JSON.stringify(payload))}`
  const signature = createHmac('sha256', secret).update(signingInput).digest('base64url')
  return `${signingInput}.${signature}`
}

export const signHs256 = (payload: object, secret: string): string =>
  signCompact({ alg: 'HS256', typ: 'JWT' }, payload, secret)
