/**
 * Paging cursors: base64url of `{"c":cohort,"o":offset,"s":seal}`, offset
 * being the number of rows already returned and seal what ./list-seal made
 * of those rows' childIds. The cohort name is inside so a cursor from
 * another cohort is refused. No child identifier is inside: a cursor handed
 * to an analyst must not carry a real `childId` behind a pseudonymised list.
 */
import * as E from 'fp-ts/Either'
import { asciiOfBase64Url, base64UrlOfAscii } from './base64url'

/** JSON with every non-ASCII code unit escaped, so the text is ASCII and JSON.parse still reads it. */
const asciiJson = (value: unknown): string =>
  JSON.stringify(value).replace(/[\u0080-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)

export interface CursorPosition {
  /** Rows already returned. */
  readonly offset: number
  /** The seal of their childIds (./list-seal). */
  readonly seal: string
}

/** Longest seal a cursor may carry (a keyed one is 22 characters). */
const MAX_SEAL = 64

export const encodeCursor = (cohort: string, { offset, seal }: CursorPosition): string =>
  base64UrlOfAscii(asciiJson({ c: cohort, o: offset, s: seal }))

/** The position a cursor stands for, or Left when it is not a cursor issued for this cohort. */
export const decodeCursor = (cohort: string, cursor: string): E.Either<'bad-cursor', CursorPosition> => {
  const text = asciiOfBase64Url(cursor)
  if (text === undefined) return E.left('bad-cursor')
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return E.left('bad-cursor')
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return E.left('bad-cursor')
  const { c, o, s, ...rest } = parsed as Record<string, unknown>
  if (c !== cohort || Object.keys(rest).length > 0) return E.left('bad-cursor')
  if (typeof o !== 'number' || !Number.isSafeInteger(o) || o < 1) return E.left('bad-cursor')
  if (typeof s !== 'string' || s.length < 1 || s.length > MAX_SEAL) return E.left('bad-cursor')
  return E.right({ offset: o, seal: s })
}
