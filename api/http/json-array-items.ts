/**
 * How many items a JSON array body holds, found by one pass over its
 * characters (strings and nesting followed, nothing built), so that a batch
 * of a million items is refused (413) before the JSON parser builds a
 * million values. For text that is not an array, 0: the decoder then reports
 * what is wrong with it. Malformed text may be miscounted; it is refused
 * either way.
 */
const isWhitespace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d

export const jsonArrayItems = (text: string): number => {
  let i = 0
  while (i < text.length && isWhitespace(text.charCodeAt(i))) i += 1
  if (text.charCodeAt(i) !== 0x5b) return 0
  let depth = 1
  let commas = 0
  let sawItem = false
  let inString = false
  for (i += 1; i < text.length && depth > 0; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c) i += 1 // a backslash: the next character is escaped
      else if (c === 0x22) inString = false
      continue
    }
    if (isWhitespace(c)) continue
    if (c === 0x5d || c === 0x7d) {
      depth -= 1
      continue
    }
    sawItem = true
    if (c === 0x22) inString = true
    else if (c === 0x5b || c === 0x7b) depth += 1
    else if (c === 0x2c && depth === 1) commas += 1
  }
  return sawItem ? commas + 1 : 0
}
