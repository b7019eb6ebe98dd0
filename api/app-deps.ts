/**
 * Everything the HTTP app needs from the rest of the system, as narrow
 * interfaces (ports). The composition root implements them over storage and
 * the engine; tests implement them in memory. The app itself never opens a
 * database, reads the environment or the clock directly.
 */
import type { FastifyBaseLogger } from 'fastify'
import type { Clock } from './clock'
import type { WriteAudit } from './audit/audit-entry'
import type { JwtSettings } from './auth/jwt-options'
import type { ApiServices } from './services'
import type { RuleSet } from '../engine/rule-set/rule-set'
import type { PressureSettings } from './http/pressure'

export interface RateLimitSettings {
  /** Requests per subject (or per address, before authentication) per window. */
  readonly max: number
  readonly windowMs: number
}

export const DEFAULT_RATE_LIMIT: RateLimitSettings = { max: 300, windowMs: 60_000 }

export interface AppDeps {
  readonly logger: FastifyBaseLogger
  readonly jwt: JwtSettings
  /** Key of the analysts' pseudonyms (EW_PSEUDONYM_KEY). */
  readonly pseudonymKey: string
  readonly clock: Clock
  readonly writeAudit: WriteAudit
  /** The active rule set: published by `GET /rules`, and read for rule categories, weights and tiers. */
  readonly ruleSet: RuleSet
  readonly services: ApiServices
  readonly rateLimit?: RateLimitSettings
  /**
   * Load shedding and the database health check (the composition root sets
   * RELIABILITY §5's). Absent, nothing is shed: tests that build the app
   * in-process block its event loop themselves, and would be refused.
   */
  readonly pressure?: PressureSettings
}
