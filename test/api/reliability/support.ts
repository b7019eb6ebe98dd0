/**
 * Shared pieces of the RELIABILITY §4 C-tier tests: a fast-check seed that is
 * printed (so a failure replays with `EW_FC_SEED=<seed>`), the statuses a
 * hostile request may get, and a stored app wired with another pseudonym key.
 */
import type { FastifyInstance } from 'fastify'
import type { Kysely } from 'kysely'
import { buildApp } from '../../../api/app'
import { appDepsOver } from '../../../api/composition-root'
import { fixedClock } from '../../../api/clock'
import type { Database } from '../../../storage/database/database'
import { TEST_AUDIENCE, TEST_ISSUER, TEST_NOW, TEST_SECRET, captureLogger, shippedRuleSet } from '../helper'

/** The run's seed: `EW_FC_SEED` when set (to replay), otherwise fresh. */
export const fcSeed = (): number => {
  const fromEnv = Number(process.env['EW_FC_SEED'])
  return Number.isSafeInteger(fromEnv) && process.env['EW_FC_SEED'] !== '' ? fromEnv : Date.now() % 2_147_483_647
}

/** Statuses a malformed or hostile request may be answered with (RELIABILITY I1); never 5xx. */
export const HOSTILE_STATUSES: readonly number[] = [200, 400, 404, 413, 415]

export const isServerError = (status: number): boolean => status >= 500

/**
 * The production wiring over an existing test database, with its own
 * pseudonym key (as if EW_PSEUDONYM_KEY were different); closed at teardown.
 */
export const storedAppWithKey = async (
  t: { teardown(fn: () => unknown): void },
  db: Kysely<Database>,
  pseudonymKey: string,
): Promise<FastifyInstance> => {
  const deps = appDepsOver(db, shippedRuleSet(), {
    logger: captureLogger([]),
    config: { jwtIssuer: TEST_ISSUER, jwtAudience: TEST_AUDIENCE },
    jwtSecret: TEST_SECRET,
    pseudonymKey,
    clock: fixedClock(TEST_NOW),
  })
  const app = await buildApp({ ...deps, rateLimit: { max: 10_000, windowMs: 60_000 } })
  await app.ready()
  t.teardown(() => app.close())
  return app
}
