/**
 * When a family name asked for is the family name a child record holds, for
 * MASH's "is this child already known?" (SPEC §6: exact family name and date
 * of birth). Exact but for letter case and Unicode form: a referral from the
 * police writes THORNCRAIKE where the social care record has Thorncraike,
 * and a false "not known" while triaging a contact is the costly mistake.
 * Spaces inside the name, hyphens, apostrophes and accents all count: O'Neill
 * is not Oneill, Zoë is not Zoe. No fuzzy matching.
 */
export const familyNameKey = (name: string): string => name.normalize('NFC').trim().toLowerCase()

export const sameFamilyName = (asked: string, held: string): boolean => familyNameKey(asked) === familyNameKey(held)
