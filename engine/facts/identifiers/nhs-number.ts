/**
 * NHS numbers (DOMAIN.md §10): ten digits, the last a modulus-11 check digit.
 */

/** The check digit for the first nine digits, or `undefined` when no digit is valid (remainder gives 10). */
export const nhsCheckDigit = (firstNine: string): string | undefined => {
  if (!/^\d{9}$/.test(firstNine)) return undefined
  let sum = 0
  for (let i = 0; i < 9; i++) sum += Number(firstNine[i]) * (10 - i)
  const check = 11 - (sum % 11)
  if (check === 10) return undefined
  return String(check === 11 ? 0 : check)
}

/** Whether a normalised NHS number has ten digits and a valid check digit. */
export const isValidNhsNumber = (nhs: string): boolean =>
  /^\d{10}$/.test(nhs) && nhsCheckDigit(nhs.slice(0, 9)) === nhs[9]
