/**
 * base64url (RFC 4648 §5, no padding) of ASCII text, written out so the pure
 * engine needs neither Buffer nor platform globals.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

/** Encodes a string of ASCII characters (code units below 128). */
export const base64UrlOfAscii = (s: string): string => {
  let out = ''
  for (let i = 0; i < s.length; i += 3) {
    const n = (s.charCodeAt(i) << 16) | ((s.charCodeAt(i + 1) || 0) << 8) | (s.charCodeAt(i + 2) || 0)
    const width = Math.min(s.length - i, 3) + 1
    for (let k = 0; k < width; k++) out += ALPHABET[(n >> (18 - 6 * k)) & 63] ?? ''
  }
  return out
}

/** Decodes to ASCII text, or undefined for anything that is not the canonical encoding of ASCII text. */
export const asciiOfBase64Url = (s: string): string | undefined => {
  if (!/^[A-Za-z0-9_-]*$/.test(s) || s.length % 4 === 1) return undefined
  let out = ''
  for (let i = 0; i < s.length; i += 4) {
    const chunk = s.slice(i, i + 4)
    const n = [...chunk.padEnd(4, 'A')].reduce((acc, ch) => (acc << 6) | ALPHABET.indexOf(ch), 0)
    for (let k = 0; k < chunk.length - 1; k++) out += String.fromCharCode((n >> (16 - 8 * k)) & 255)
  }
  // Non-ASCII bytes, or stray low bits that a canonical encoder never writes, are not ours.
  return /^[\x00-\x7f]*$/.test(out) && base64UrlOfAscii(out) === s ? out : undefined
}
