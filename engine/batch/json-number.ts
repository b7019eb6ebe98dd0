/**
 * The decimal text of a JSON number, read exactly. A double rounds
 * `0.99999999999999999` to 1 and `1e-400` to 0; a count must not become whole
 * by rounding, so the parser asks whether the text itself is a whole number.
 */

const NUMBER_PARTS = /^-?(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/

/** Whether the text of a JSON number denotes a whole number (exactly, not after rounding). */
export const denotesWholeNumber = (lexeme: string): boolean => {
  const m = NUMBER_PARTS.exec(lexeme)
  if (m === null) return false
  const fraction = m[2] ?? ''
  const digits = (m[1] ?? '') + fraction
  // The value is digits × 10^(exponent − fraction length); trailing zeros of the digits only move the point.
  let significant = digits.length
  while (significant > 0 && digits.charCodeAt(significant - 1) === 0x30) significant--
  if (significant === 0) return true
  const trailingZeros = digits.length - significant
  return fraction.length - trailingZeros - Number(m[3] ?? '0') <= 0
}
