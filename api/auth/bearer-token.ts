/**
 * The token of a request, from exactly one `Authorization: Bearer <jwt>`
 * header and nowhere else (ASVS V14.2.1: nothing sensitive in URLs).
 *
 * Node keeps only the first of duplicated `Authorization` headers in
 * `req.headers`, so the raw header list is counted: two headers are refused
 * rather than one of them silently chosen. The scheme is matched exactly
 * (`Bearer`, one space), and a token-looking query parameter is refused even
 * when a header is present, so that clients learn not to put tokens in URLs.
 */
import * as E from 'fp-ts/Either'

export type TokenProblem = 'missing' | 'duplicate-header' | 'malformed-header' | 'token-in-query'

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)$/
const TOKEN_PARAMS = new Set(['access_token', 'token', 'jwt', 'id_token', 'bearer', 'authorization'])
const JWT_SHAPED = /eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\./

const queryCarriesToken = (url: string): boolean => {
  const at = url.indexOf('?')
  if (at < 0) return false
  const query = url.slice(at + 1)
  let decoded = query
  try {
    decoded = decodeURIComponent(query.replace(/\+/g, ' '))
  } catch {
    // A query that does not decode is judged on its raw text.
  }
  if (JWT_SHAPED.test(decoded)) return true
  return query.split('&').some((pair) => TOKEN_PARAMS.has((pair.split('=')[0] ?? '').toLowerCase()))
}

export const bearerToken = (rawHeaders: readonly string[], url: string): E.Either<TokenProblem, string> => {
  if (queryCarriesToken(url)) return E.left('token-in-query')
  const values: string[] = []
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if ((rawHeaders[i] ?? '').toLowerCase() === 'authorization') values.push(rawHeaders[i + 1] ?? '')
  }
  if (values.length === 0) return E.left('missing')
  if (values.length > 1) return E.left('duplicate-header')
  const match = BEARER.exec(values[0] ?? '')
  if (match === null || match[1] === undefined) return E.left('malformed-header')
  return E.right(match[1])
}
