/**
 * The one pino logger of the service. Only allow-listed fields are ever
 * logged (request id, method, route pattern, status, role, timings); the
 * serializers make sure that an error, a request or a reply handed to the
 * logger by Fastify or by a plugin carries nothing more. Redaction is kept as
 * a backstop only (RELIABILITY §3 item 8): it does not see inside messages.
 */
import pino from 'pino'
import type { Logger, DestinationStream } from 'pino'
import type { LogLevel } from '../../config/config'
import { serializeError } from './err-serializer'

interface RequestLike {
  readonly id?: unknown
  readonly method?: unknown
  readonly routeOptions?: { readonly url?: unknown }
}

/** A request as logged: its id, method and route pattern; never the URL, query or headers. */
export const serializeRequest = (req: RequestLike): Record<string, unknown> => ({
  id: req.id,
  method: req.method,
  route: req.routeOptions?.url,
})

export const serializeReply = (res: { readonly statusCode?: unknown }): Record<string, unknown> => ({
  statusCode: res.statusCode,
})

export const loggerOptions = (level: LogLevel): pino.LoggerOptions => ({
  level,
  timestamp: pino.stdTimeFunctions.isoTime,
  serializers: { err: serializeError, error: serializeError, req: serializeRequest, res: serializeReply },
  redact: {
    paths: [
      'req.headers.authorization',
      'req.headers.cookie',
      'headers.authorization',
      'headers.cookie',
      '*.authorization',
      '*.password',
      '*.token',
      'token',
    ],
    censor: '[redacted]',
  },
})

/**
 * Standard output, written in blocks rather than a line at a time: at 1,000
 * requests a second one write per access-log line is a system call per
 * request. Lines wait at most `periodicFlush` ms, and whatever is buffered is
 * written out when the process exits (pino flushes on exit).
 */
const stdoutInBlocks = (): DestinationStream => pino.destination({ dest: 1, sync: false, minLength: 4096, periodicFlush: 250 })

export const createLogger = (level: LogLevel, destination?: DestinationStream): Logger =>
  pino(loggerOptions(level), destination ?? stdoutInBlocks())
