/**
 * The HTTP app (SPEC §6) as a Fastify plugin, and `buildApp(deps)`, which
 * creates a Fastify instance with the factory options of RELIABILITY §5 and
 * registers it. server.ts adds the socket; tests call `app.inject`.
 *
 * Order matters and is visible here: external plugins (load shedding,
 * OpenAPI, JWT, rate limit), then the app's hooks (route table check, authentication,
 * authorisation, access log, headers), the error and not-found handlers, then
 * the routes.
 */
import './fastify-types'
import Fastify from 'fastify'
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify'
import fastifyJwt from '@fastify/jwt'
import fastifyRateLimit from '@fastify/rate-limit'
import fastifySwagger from '@fastify/swagger'
import fastifyUnderPressure from '@fastify/under-pressure'
import type { AppDeps } from './app-deps'
import { DEFAULT_RATE_LIMIT } from './app-deps'
import { jwtOptions } from './auth/jwt-options'
import { authenticateHook } from './auth/authenticate'
import { authoriseHook } from './access/authorise'
import { routeRule, routeKey } from './access/route-table'
import { accessLogHook } from './http/access-log'
import { underPressureOptions } from './http/pressure'
import { addResponseHeaders } from './http/response-headers'
import { errorHandler, sendProblem } from './http/error-handler'
import type { ServerTimeouts } from './http/fastify-options'
import { DEFAULT_TIMEOUTS, fastifyOptions } from './http/fastify-options'
import { problem } from './problems'
import { problemSchema } from './schemas/problem.schema'
import { healthRoutes } from './routes/health.routes'
import { docsRoutes } from './routes/docs.routes'
import { rulesRoutes } from './routes/rules.routes'
import { factsRoutes } from './routes/facts.routes'
import { childrenLookupRoutes } from './routes/children-lookup.routes'
import { childFlagsRoutes } from './routes/child-flags.routes'
import { childChronologyRoutes } from './routes/child-chronology.routes'
import { cohortsRoutes } from './routes/cohorts.routes'
import { auditRoutes } from './routes/audit.routes'
import { unmatchedRoutes } from './routes/unmatched.routes'

const registerExternalPlugins = async (app: FastifyInstance, deps: AppDeps): Promise<void> => {
  // First, so that a request refused for load costs nothing more (no token check, no database).
  if (deps.pressure !== undefined) await app.register(fastifyUnderPressure, underPressureOptions(deps.services.ping, deps.pressure))
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Early Warning',
        version: '1',
        description: 'Transparent early-warning risk flags for a children\'s safeguarding partnership.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    },
  })
  await app.register(fastifyJwt, jwtOptions(deps.jwt))
  const limit = deps.rateLimit ?? DEFAULT_RATE_LIMIT
  await app.register(fastifyRateLimit, {
    global: true,
    hook: 'preHandler',
    max: limit.max,
    timeWindow: limit.windowMs,
    skipOnError: false,
    // After authentication the bucket is the person (iss + sub); an address is only a fallback.
    keyGenerator: (request) =>
      request.principal === null ? `ip:${request.ip}` : `sub:${request.principal.iss}|${request.principal.sub}`,
    // Headers only when refused, so that two refusals look alike whatever the count.
    addHeadersOnExceeding: { 'x-ratelimit-limit': false, 'x-ratelimit-remaining': false, 'x-ratelimit-reset': false },
    addHeaders: { 'x-ratelimit-limit': false, 'x-ratelimit-remaining': false, 'x-ratelimit-reset': false, 'retry-after': true },
    errorResponseBuilder: () => problem('rate-limited'),
    onExceeded: (request) =>
      request.log.warn(
        { event: 'rate_limited', role: request.principal?.role ?? null, sub: request.principal?.sub ?? null, route: request.routeOptions.url },
        'rate limit exceeded',
      ),
  })
}

const registerHooks = (app: FastifyInstance, deps: AppDeps): void => {
  app.decorateRequest('principal', null)
  app.addSchema(problemSchema)
  // Deny by default: a route missing from the table is a programming error, caught at boot.
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method]
    for (const method of methods) {
      if (routeRule(method, route.url) === undefined) {
        throw new Error(`route ${routeKey(method, route.url)} is not in the route table (api/access/route-table.ts)`)
      }
    }
    // Appended after the rate limiter's own preHandler, so refused calls count against the limit.
    const authorise = authoriseHook(deps)
    const existing = route.preHandler === undefined ? [] : Array.isArray(route.preHandler) ? route.preHandler : [route.preHandler]
    route.preHandler = [...existing, authorise]
  })
  const limiter = app.createRateLimit()
  const withinLimit = async (request: FastifyRequest): Promise<boolean> => {
    const outcome = await limiter(request)
    // `isAllowed` is true only for allow-listed keys; otherwise the count decides.
    return outcome.isAllowed || !outcome.isExceeded
  }
  app.addHook('onRequest', authenticateHook(app, deps, withinLimit))
  app.addHook('onResponse', accessLogHook)
  addResponseHeaders(app)
  app.setErrorHandler(errorHandler)
  app.setNotFoundHandler({ preHandler: app.rateLimit() }, async (request, reply) =>
    sendProblem(reply, request.id, { slug: 'not-found' }),
  )
}

/** The app, as a plugin that does not encapsulate (its hooks and handlers apply to the instance it is given). */
export const appPlugin: FastifyPluginAsync<AppDeps> = async (app, deps) => {
  await registerExternalPlugins(app, deps)
  registerHooks(app, deps)
  await app.register(healthRoutes, deps.services)
  await app.register(docsRoutes)
  await app.register(rulesRoutes, { ruleSet: () => deps.ruleSet })
  await app.register(factsRoutes, deps.services)
  await app.register(childrenLookupRoutes, deps)
  await app.register(childFlagsRoutes, deps)
  await app.register(childChronologyRoutes, deps)
  await app.register(cohortsRoutes, deps)
  await app.register(auditRoutes, deps)
  await app.register(unmatchedRoutes, deps)
}
// Same effect as fastify-plugin: hooks, decorators and handlers belong to the caller's instance.
Object.assign(appPlugin, { [Symbol.for('skip-override')]: true })

export const buildApp = async (deps: AppDeps, timeouts: ServerTimeouts = DEFAULT_TIMEOUTS): Promise<FastifyInstance> => {
  const app = Fastify(fastifyOptions(deps.logger, timeouts))
  await app.register(appPlugin, deps)
  return app
}
