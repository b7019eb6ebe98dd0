/**
 * The Fastify factory options (RELIABILITY §5 "Fastify factory"). Server
 * timeouts come from server.ts, which owns the socket; everything else is
 * fixed here so that tests build the app exactly as production does.
 */
import { randomUUID } from 'node:crypto'
import type { FastifyBaseLogger, FastifyServerOptions } from 'fastify'
import { LogController } from 'fastify'
import { MAX_PARAM_LENGTH, frameworkErrors } from './framework-errors'

export const ONE_MIB = 1024 * 1024

export interface ServerTimeouts {
  /** Whole request, headers and body, from the socket (slowloris). */
  readonly requestTimeout: number
  /** From routing to reply; 503 after it. /facts sets its own. */
  readonly handlerTimeout: number
  readonly keepAliveTimeout: number
}

export const DEFAULT_TIMEOUTS: ServerTimeouts = { requestTimeout: 30_000, handlerTimeout: 10_000, keepAliveTimeout: 72_000 }

export const fastifyOptions = (logger: FastifyBaseLogger, timeouts: ServerTimeouts = DEFAULT_TIMEOUTS): FastifyServerOptions => ({
  loggerInstance: logger,
  // Fastify's own request lines would log the raw URL (query strings, names); ours is in access-log.
  logController: new LogController({ disableRequestLogging: true }),
  requestTimeout: timeouts.requestTimeout,
  handlerTimeout: timeouts.handlerTimeout,
  keepAliveTimeout: timeouts.keepAliveTimeout,
  bodyLimit: ONE_MIB,
  onProtoPoisoning: 'error',
  onConstructorPoisoning: 'error',
  trustProxy: false,
  requestIdHeader: false,
  genReqId: () => randomUUID(),
  return503OnClosing: true,
  forceCloseConnections: 'idle',
  exposeHeadRoutes: false,
  routerOptions: { maxParamLength: MAX_PARAM_LENGTH, ignoreTrailingSlash: false, ignoreDuplicateSlashes: false },
  frameworkErrors,
  ajv: {
    // Query strings and params only: bodies are decoded by the engine's io-ts codecs.
    // Unknown properties are errors, not silently removed; no defaults are filled in.
    customOptions: { coerceTypes: true, removeAdditional: false, useDefaults: false, allErrors: false },
  },
})
