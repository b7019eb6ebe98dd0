/**
 * The production app (composition root's `appDepsOver`, `buildApp`) over a
 * database a fault script opened, with its log lines kept in memory (so a
 * script can count errors and search them for canaries) and a token for
 * each role.
 */
import * as E from 'fp-ts/Either'
import type { FastifyInstance } from 'fastify'
import type { Kysely } from 'kysely'
import { buildApp } from '../../../api/app'
import type { AppDeps } from '../../../api/app-deps'
import { signHs256 } from '../../../api/auth/hs256'
import type { Role } from '../../../api/auth/roles'
import type { Clock } from '../../../api/clock'
import { appDepsOver } from '../../../api/composition-root'
import { createLogger } from '../../../api/logging/logger'
import type { RuleSet } from '../../../engine/rule-set/rule-set'
import { loadRuleSet } from '../../../rules-loader/load-rule-set'
import type { Database } from '../../../storage/database/database'

const SECRET = 'fault-script-secret-at-least-32-bytes!!'
const PSEUDONYM_KEY = 'fault-script-pseudonym-key-32-bytes!!!'
const ISSUER = 'early-warning'
const AUDIENCE = 'early-warning'

export const shippedRules = (): RuleSet => {
  const loaded = loadRuleSet()
  if (E.isLeft(loaded)) throw new Error('rules/ does not load')
  return loaded.right
}

export interface StoredApp {
  readonly app: FastifyInstance
  /** Every log line, as JSON text. */
  readonly logs: string[]
  readonly authorization: (role: Role, sub?: string) => string
}

export const storedApp = async (
  db: Kysely<Database>,
  options: { readonly clock?: Clock; readonly adjust?: (deps: AppDeps) => AppDeps } = {},
): Promise<StoredApp> => {
  const logs: string[] = []
  const logger = createLogger('info', { write: (line: string) => void logs.push(line) })
  const deps = appDepsOver(db, shippedRules(), {
    logger,
    config: { jwtIssuer: ISSUER, jwtAudience: AUDIENCE },
    jwtSecret: SECRET,
    pseudonymKey: PSEUDONYM_KEY,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
  })
  const adjusted = options.adjust?.(deps) ?? deps
  const app = await buildApp({ ...adjusted, rateLimit: { max: 10_000_000, windowMs: 60_000 } })
  await app.ready()
  const authorization = (role: Role, sub = `fault-${role}`): string => {
    const iat = Math.floor(Date.now() / 1000)
    return `Bearer ${signHs256({ iss: ISSUER, aud: AUDIENCE, sub, role, iat, exp: iat + 3600 }, SECRET)}`
  }
  return { app, logs, authorization }
}
