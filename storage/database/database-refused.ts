/**
 * Whether the server turned a connection down because of what the
 * configuration asks for: a database that does not exist, a role it does not
 * know or will not let in, a wrong password. Not "try again later" (the
 * server is there and answered, ./database-unavailable) and not a bug: the
 * setting has to change. Said in fixed words from the SQLSTATE alone, since
 * the driver's message names the database or role.
 */
const REFUSALS: Readonly<Record<string, string>> = {
  '3D000': 'the database that DATABASE_URL names does not exist',
  '28000': 'the server does not let in the role that DATABASE_URL names',
  '28P01': 'the server refused the password in DATABASE_URL',
}

/** The refusal in words with its code, or undefined for any other error. */
export const databaseRefusal = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code !== 'string' || !Object.prototype.hasOwnProperty.call(REFUSALS, code)) return undefined
  return `${REFUSALS[code] as string} (${code})`
}
