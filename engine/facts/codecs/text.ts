/**
 * Strings from agency feeds (SPEC §2, RELIABILITY.md I2): never empty, bounded
 * in length, and free of characters that corrupt logs, terminals and CSV or
 * that make text display as something it is not:
 * - C0 and C1 control characters and DEL (line breaks, escapes, NUL);
 * - U+2028/U+2029 line and paragraph separators;
 * - bidirectional embeddings, overrides and isolates (U+202A–U+202E,
 *   U+2066–U+2069), the "Trojan Source" characters;
 * - unpaired UTF-16 surrogates, which are not text at all.
 * Lengths count Unicode code points. Names and free text are NFC-normalised
 * so that the same name typed on two systems compares equal.
 */
import { codec, fail, ok, type Codec } from './codec'

const FORBIDDEN =
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

export const hasForbiddenCharacter = (s: string): boolean => FORBIDDEN.test(s)

export const codePointLength = (s: string): number => {
  let n = 0
  for (const _ of s) n++
  return n
}

export interface TextRules {
  /** What the text is, with its article: `a name`, `an identifier`. */
  readonly what: string
  readonly maxLength: number
  readonly spaces: boolean
  readonly nfc: boolean
}

/**
 * NFC composes at most four UTF-16 units into one (U+1F82 is the worst case)
 * and a code point takes at most two units, so a string longer than eight
 * units per allowed character is too long whatever NFC does: it is refused
 * before the costly checks (a 1 MB string costs nothing).
 */
const cheapLimit = (maxLength: number): number => maxLength * 8

export const text = (rules: TextRules): Codec<string> => {
  const { what, maxLength } = rules
  return codec(`${what} of 1 to ${maxLength} characters`, (u) => {
    if (typeof u !== 'string') return fail(`${what} (a string of 1 to ${maxLength} characters)`)
    if (u.length > cheapLimit(maxLength)) return fail(`${what} of at most ${maxLength} characters`)
    if (hasForbiddenCharacter(u)) {
      return fail(`${what} without control characters, bidirectional controls or unpaired surrogates`)
    }
    const value = rules.nfc ? u.normalize('NFC') : u
    if (value.trim() === '') return fail(`${what} that is not empty or blank`)
    if (!rules.spaces && /\s/.test(value)) return fail(`${what} without spaces`)
    if (codePointLength(value) > maxLength) return fail(`${what} of at most ${maxLength} characters`)
    return ok(value)
  })
}

/** Given and family names, locality names. */
export const PersonName = text({ what: 'a name', maxLength: 100, spaces: true, nfc: true })

export const Locality = text({ what: 'a locality name', maxLength: 100, spaces: true, nfc: true })

/** Free text such as an offence category. */
export const FreeText = text({ what: 'a text', maxLength: 200, spaces: true, nfc: true })

/** `source`, `sourceId`, `childId`: taken exactly as sent (no normalisation). */
export const Identifier = text({ what: 'an identifier', maxLength: 64, spaces: false, nfc: false })
