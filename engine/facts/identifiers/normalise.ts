/**
 * Agency identifiers are compared without spaces and in upper case (SPEC §2);
 * `childId` is taken as it is. Only ASCII letters change case, so no
 * non-ASCII letter can turn into an ASCII one (ß would become SS).
 */
export const normaliseAgencyIdentifier = (raw: string): string =>
  raw.replace(/ /g, '').replace(/[a-z]/g, (c) => c.toUpperCase())
