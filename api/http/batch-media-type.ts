/**
 * Which bodies `POST /facts` accepts (RELIABILITY §3 items 7 and 9).
 *
 * Content-Type tricks (a tab or a space before `;`, a leading space, `+json`,
 * other charsets) have let invalid bodies past Fastify's parser selection, so
 * the header is matched exactly: `application/x-ndjson` or `application/json`,
 * optionally with `; charset=utf-8`, and nothing else, in any letter case
 * (RFC 9110 §8.3: type, subtype, parameter name and charset are
 * case-insensitive; many clients send `charset=UTF-8`). A compressed body
 * could slip past the size limit, so any `Content-Encoding` is refused.
 */
export type BatchFormat = 'ndjson' | 'json'

const EXACT = /^application\/(x-ndjson|json)(?:; ?charset=utf-8)?$/i

export const batchFormatOf = (contentType: string | undefined): BatchFormat | undefined => {
  if (contentType === undefined) return undefined
  const match = EXACT.exec(contentType)
  if (match === null) return undefined
  return match[1]?.toLowerCase() === 'json' ? 'json' : 'ndjson'
}

export const hasContentEncoding = (header: string | string[] | undefined): boolean =>
  header !== undefined && (Array.isArray(header) ? header.length > 0 : header !== '')
