/**
 * A schema name chosen by the operator or a test. It ends up in a connection
 * option and a `SET search_path`, so only plain lower-case identifiers pass.
 */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/

export const isSchemaName = (name: string): boolean => SCHEMA_NAME.test(name)

export const checkedSchemaName = (name: string): string => {
  if (!isSchemaName(name)) throw new RangeError('schema must be a lower-case identifier (a-z, 0-9, _), at most 63 characters')
  return name
}
