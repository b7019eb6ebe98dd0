/**
 * UTF-8 length of a string without Buffer (the engine imports no node:
 * modules), stopping early once a limit is passed so that a 1 GB line costs
 * no more than the limit to measure.
 */

/** Bytes needed to encode `text` as UTF-8 (lone surrogates count as U+FFFD, 3 bytes), or `limit + 1` once over `limit`. */
export const utf8ByteLength = (text: string, limit: number = Number.POSITIVE_INFINITY): number => {
  // Every UTF-16 code unit needs at least one byte.
  if (text.length > limit) return limit + 1
  let bytes = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 0x80) bytes += 1
    else if (c < 0x800) bytes += 2
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4
        i++
      } else bytes += 3
    } else bytes += 3
    if (bytes > limit) return limit + 1
  }
  return bytes
}
