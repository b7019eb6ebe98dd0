/**
 * Unique pupil numbers (DOMAIN.md §10): a check letter, then 12 characters
 * (11 digits and a final digit or, in a temporary UPN, a letter).
 */
export const UPN_ALPHABET = 'ABCDEFGHJKLMNPQRTUVWXYZ'

const UPN_PATTERN = /^[A-Z]\d{11}[0-9A-Z]$/

/** The check letter for the 12 characters after it, or `undefined` if one of them is not allowed. */
export const upnCheckLetter = (body: string): string | undefined => {
  if (!/^\d{11}[0-9A-Z]$/.test(body)) return undefined
  let sum = 0
  for (let i = 0; i < 12; i++) {
    const ch = body[i] ?? ''
    const value = i === 11 && /[A-Z]/.test(ch) ? UPN_ALPHABET.indexOf(ch) : Number(ch)
    if (value < 0) return undefined
    sum += value * (i + 2)
  }
  return UPN_ALPHABET[sum % 23]
}

/** Whether a normalised UPN has a valid check letter. */
export const isValidUpn = (upn: string): boolean => UPN_PATTERN.test(upn) && upnCheckLetter(upn.slice(1)) === upn[0]
