/**
 * The server (fastify/demo `server.ts`): owns the logger, the socket and its
 * timeouts, `listen`, and graceful shutdown. On SIGTERM/SIGINT (or an
 * uncaught error) close-with-grace closes Fastify first, which stops
 * accepting, marks answers `Connection: close` and waits for in-flight
 * requests, and only then the database pool (RELIABILITY §3 item 13): a pool
 * closed before requests drain breaks them. The grace period is 10 s.
 *
 * Once listening, today's date-only cohorts are computed in the background
 * and kept current (api/adapters/cohort-cache), so cohort pages are quick.
 *
 * `startServer` is what the CLI's `serve` and `demo` commands call.
 */
import * as E from 'fp-ts/Either'
import closeWithGrace from 'close-with-grace'
import type { FastifyInstance } from 'fastify'
import type { Logger } from 'pino'
import type { Config } from '../config/config'
import { buildApp } from './app'
import { compose } from './composition-root'
import type { Clock } from './clock'
import { DEFAULT_TIMEOUTS } from './http/fastify-options'
import { createLogger } from './logging/logger'

export const GRACE_MS = 10_000

export interface RunningServer {
  readonly app: FastifyInstance
  /** e.g. `http://127.0.0.1:3000`. */
  readonly url: string
  /** Drains requests, then closes the database. Safe to call more than once. */
  readonly close: () => Promise<void>
}

export interface ServerOptions {
  /** Defaults to a pino logger on stdout at `config.logLevel`. */
  readonly logger?: Logger
  /** Install SIGTERM/SIGINT/uncaught-error handlers (default true; tests turn them off). */
  readonly handleSignals?: boolean
  readonly rulesDir?: string
  readonly clock?: Clock
}

/** How often today's cohorts are brought up to date in the background (after a batch from elsewhere, after midnight). */
export const COHORT_REFRESH_MS = 60_000

/**
 * Today's date-only cohorts, computed in the background once the server
 * listens (lookups are served meanwhile), then kept current every minute, so
 * that a batch ingested by another process (the CLI) or a new day does not
 * leave the first page request to compute a whole city's cohort.
 */
const keepCohortsWarm = (warmUp: () => Promise<void>, logger: Logger): (() => void) => {
  const started = Date.now()
  warmUp().then(
    () => logger.info({ event: 'cohorts_ready', ms: Date.now() - started }, 'cohort lists computed'),
    (err: unknown) => logger.warn({ err, event: 'cohorts_not_ready' }, 'cohort lists not computed; they will be on first use'),
  )
  const timer = setInterval(() => {
    warmUp().catch((err: unknown) => logger.warn({ err, event: 'cohorts_not_refreshed' }, 'cohort lists not refreshed'))
  }, COHORT_REFRESH_MS)
  timer.unref()
  return () => clearInterval(timer)
}

export const startServer = async (
  config: Config,
  options: ServerOptions = {},
): Promise<E.Either<readonly string[], RunningServer>> => {
  const logger = options.logger ?? createLogger(config.logLevel)
  const composed = await compose(config, logger, {
    ...(options.rulesDir === undefined ? {} : { rulesDir: options.rulesDir }),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
  })
  if (E.isLeft(composed)) return composed
  const { deps, warmUp, close: closeDatabase } = composed.right

  let app: FastifyInstance
  try {
    app = await buildApp(deps, DEFAULT_TIMEOUTS)
  } catch (err) {
    await closeDatabase()
    throw err
  }

  let closing: Promise<void> | undefined
  let stopRefreshing: () => void = () => undefined
  const shutdown = (): Promise<void> => {
    closing ??= (async () => {
      stopRefreshing()
      try {
        await app.close()
      } finally {
        await closeDatabase()
      }
      logger.info({ event: 'stopped' }, 'server stopped')
    })()
    return closing
  }

  const grace =
    options.handleSignals === false
      ? undefined
      : closeWithGrace(
          {
            delay: GRACE_MS,
            logger: { error: () => logger.error({ event: 'shutdown_problem' }, 'graceful shutdown problem') },
          },
          async ({ err, signal }) => {
            if (err !== undefined) logger.fatal({ err, event: 'fatal' }, 'uncaught error; shutting down')
            else logger.info({ event: 'stopping', signal: signal ?? null }, 'shutting down')
            await shutdown()
          },
        )

  try {
    const url = await app.listen({ host: config.host, port: config.port })
    logger.info({ event: 'listening', host: config.host, port: config.port }, 'listening')
    stopRefreshing = keepCohortsWarm(warmUp, logger)
    return E.right({
      app,
      url,
      close: async () => {
        grace?.uninstall()
        await shutdown()
      },
    })
  } catch (err) {
    grace?.uninstall()
    logger.error({ err, event: 'listen_failed' }, 'could not listen')
    await shutdown()
    return E.left([`server: could not listen on ${config.host}:${config.port}`])
  }
}
