/** Agency identifiers are compared without spaces and in upper case (SPEC §2); `childId` is taken as it is. */
export const normaliseAgencyIdentifier = (raw: string): string => raw.replace(/ /g, '').toUpperCase()
