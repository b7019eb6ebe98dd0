/**
 * Configuration (SPEC §8): environment variables, read once at start-up and
 * checked. A bad value stops the program with a message naming the variable
 * (never its value: it may be a secret).
 */
import * as E from 'fp-ts/Either'

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']

export interface Config {
  readonly databaseUrl: string | undefined
  readonly dataDir: string
  /** A PostgreSQL schema to use instead of the default search path (tests isolate themselves this way). */
  readonly databaseSchema?: string | undefined
  readonly jwtSecret: string | undefined
  readonly jwtIssuer: string
  readonly jwtAudience: string
  readonly pseudonymKey: string | undefined
  readonly host: string
  readonly port: number
  readonly logLevel: LogLevel
}

export interface ConfigProblem {
  readonly variable: string
  readonly expected: string
}

export const formatConfigProblem = (p: ConfigProblem): string => `configuration: ${p.variable} must be ${p.expected}`

type Env = Readonly<Record<string, string | undefined>>

const nonEmpty = (env: Env, name: string): string | undefined => {
  const value = env[name]
  return value === undefined || value === '' ? undefined : value
}

export const readConfig = (env: Env): E.Either<readonly ConfigProblem[], Config> => {
  const problems: ConfigProblem[] = []
  const databaseUrl = nonEmpty(env, 'DATABASE_URL')
  if (databaseUrl !== undefined && !(/^postgres(ql)?:\/\//.test(databaseUrl) && URL.canParse(databaseUrl)))
    problems.push({ variable: 'DATABASE_URL', expected: 'a postgres:// or postgresql:// connection string' })
  const databaseSchema = nonEmpty(env, 'EW_DATABASE_SCHEMA')
  if (databaseSchema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(databaseSchema))
    problems.push({ variable: 'EW_DATABASE_SCHEMA', expected: 'a lower-case SQL identifier (letters, digits, _)' })
  const jwtSecret = nonEmpty(env, 'EW_JWT_SECRET')
  if (jwtSecret !== undefined && Buffer.byteLength(jwtSecret) < 32)
    problems.push({ variable: 'EW_JWT_SECRET', expected: 'at least 32 bytes long' })
  const pseudonymKey = nonEmpty(env, 'EW_PSEUDONYM_KEY')
  if (pseudonymKey !== undefined && Buffer.byteLength(pseudonymKey) < 32)
    problems.push({ variable: 'EW_PSEUDONYM_KEY', expected: 'at least 32 bytes long' })
  const portText = nonEmpty(env, 'PORT') ?? '3000'
  const port = Number(portText)
  if (!/^\d+$/.test(portText) || port < 1 || port > 65535) problems.push({ variable: 'PORT', expected: 'a port number from 1 to 65535' })
  const logLevel = (nonEmpty(env, 'LOG_LEVEL') ?? 'info') as LogLevel
  if (!LOG_LEVELS.includes(logLevel)) problems.push({ variable: 'LOG_LEVEL', expected: `one of ${LOG_LEVELS.join(', ')}` })
  if (problems.length > 0) return E.left(problems)
  return E.right({
    databaseUrl,
    dataDir: nonEmpty(env, 'EW_DATA_DIR') ?? './.data',
    databaseSchema,
    jwtSecret,
    jwtIssuer: nonEmpty(env, 'EW_JWT_ISSUER') ?? 'early-warning',
    jwtAudience: nonEmpty(env, 'EW_JWT_AUDIENCE') ?? 'early-warning',
    pseudonymKey,
    host: nonEmpty(env, 'HOST') ?? '127.0.0.1',
    port,
    logLevel,
  })
}
