/**
 * What of an error may reach the logs (RELIABILITY §3 items 3 and 8).
 *
 * Error messages are never logged: PostgreSQL puts the offending values in its
 * messages and DETAIL lines (`Key (upn)=(…) already exists`, `invalid input
 * syntax for type integer: "…"`), JSON.parse quotes the input, and our own
 * range errors may name a date. What is kept is what classifies the failure:
 * the error's type, a machine code (SQLSTATE or a framework code), the HTTP
 * status, and for database errors the constraint and table names (schema
 * identifiers, not data). For errors that are not from the database the stack
 * frames are kept without the message line, so a bug can still be found.
 */
const CODE = /^[A-Z0-9_]{1,64}$/
const SQLSTATE = /^[0-9A-Z]{5}$/
const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/

export interface SafeError {
  readonly type: string
  readonly code?: string
  readonly statusCode?: number
  readonly constraint?: string
  readonly table?: string
  readonly stack?: string
}

const field = (value: unknown, pattern: RegExp): string | undefined =>
  typeof value === 'string' && pattern.test(value) ? value : undefined

const isDatabaseError = (e: Record<string, unknown>): boolean =>
  e['name'] === 'DatabaseError' ||
  (typeof e['code'] === 'string' && SQLSTATE.test(e['code']) && ('severity' in e || 'routine' in e || 'detail' in e))

const stackFrames = (stack: unknown): string | undefined => {
  if (typeof stack !== 'string') return undefined
  const frames = stack.split('\n').filter((line) => /^\s+at /.test(line))
  return frames.length === 0 ? undefined : frames.join('\n')
}

export const serializeError = (err: unknown): SafeError => {
  if (typeof err !== 'object' || err === null) return { type: typeof err }
  const e = err as Record<string, unknown>
  const ctor = (err as { constructor?: { name?: unknown } }).constructor?.name
  const type = field(ctor, /^[A-Za-z_$][A-Za-z0-9_$]{0,63}$/) ?? 'Object'
  const database = isDatabaseError(e)
  const code = field(e['code'], CODE)
  const statusCode = typeof e['statusCode'] === 'number' ? e['statusCode'] : undefined
  const constraint = database ? field(e['constraint'], IDENTIFIER) : undefined
  const table = database ? field(e['table'], IDENTIFIER) : undefined
  const stack = database ? undefined : stackFrames(e['stack'])
  return {
    type,
    ...(code === undefined ? {} : { code }),
    ...(statusCode === undefined ? {} : { statusCode }),
    ...(constraint === undefined ? {} : { constraint }),
    ...(table === undefined ? {} : { table }),
    ...(stack === undefined ? {} : { stack }),
  }
}
