/** What the app adds to Fastify's request. */
import type { Principal } from './auth/principal'

declare module 'fastify' {
  interface FastifyRequest {
    /** The verified caller; null before authentication and on public routes. */
    principal: Principal | null
  }
}

export {}
