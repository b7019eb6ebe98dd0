/**
 * Child lookups under load (`GET /children/:id/flags`, a random child each
 * time, a rotating MASH token, audit on), with the audit check every load
 * script makes: one `ok` audit row per 2xx answer. A run is a fixed number
 * of requests, so every request sent is answered before the count is taken;
 * if the server is too slow and the run is stopped at its time limit, the
 * requests in flight then (at most one per connection) are allowed for.
 */
import type { CityServer } from './city-server'
import { LOOKUP_AUDIT_ROUTE, okAuditRows, settledOkAuditRows } from './audit-rows'
import { randomOf, runLoad, type LoadFigures, type NextRequest } from './load'
import { check, type Check } from './report'
import { subjectsFor, tokensOf } from './tokens'

export interface LookupRun {
  readonly connections: number
  /** About how long the run should take; it is stopped at three times that. */
  readonly seconds: number
  /** Requests a second; absent: as fast as the server answers. */
  readonly rate?: number
  /** Requests to send; default `rate × seconds`, or what a short probe at full speed says fills `seconds`. */
  readonly amount?: number
}

export interface LookupResult {
  readonly figures: LoadFigures
  readonly audited: number
  readonly auditCheck: Check
}

export interface Lookups {
  readonly next: () => NextRequest
  readonly run: (label: string, options: LookupRun) => Promise<LookupResult>
}

/** `expectedRps`: the most lookups a second any run will make (sizes the pool of subjects under the rate limit). */
export const lookupsOn = (city: Pick<CityServer, 'server' | 'database' | 'childIds'>, expectedRps = 20_000): Lookups => {
  const tokens = tokensOf(city.server.secrets, 'mash', subjectsFor(expectedRps, 60))
  let turn = 0
  const next = (): NextRequest => ({
    path: `/children/${randomOf(city.childIds)}/flags`,
    headers: { authorization: `Bearer ${tokens[turn++ % tokens.length] ?? ''}` },
  })
  const amountFor = async (options: LookupRun): Promise<number> => {
    if (options.amount !== undefined) return options.amount
    if (options.rate !== undefined) return Math.round(options.rate * options.seconds)
    const probe = await runLoad({ url: city.server.url, connections: options.connections, seconds: 2, next })
    return Math.max(options.connections, Math.round(probe.rps * options.seconds))
  }
  return {
    next,
    run: async (label, options) => {
      const amount = await amountFor(options)
      const before = await settledOkAuditRows(city.database, LOOKUP_AUDIT_ROUTE)
      const figures = await runLoad({
        url: city.server.url,
        connections: options.connections,
        amount,
        seconds: options.seconds * 3,
        ...(options.rate === undefined ? {} : { rate: options.rate }),
        next,
      })
      const audited = (await okAuditRows(city.database, LOOKUP_AUDIT_ROUTE)) - before
      const auditCheck = figures.stoppedEarly
        ? check(`${label}: audit rows = 2xx (stopped: ± in flight)`, audited >= figures.ok2xx && audited - figures.ok2xx <= options.connections,
            `${audited} rows, ${figures.ok2xx} 2xx`)
        : check(`${label}: audit rows = 2xx`, audited === figures.ok2xx, `${audited} rows, ${figures.ok2xx} 2xx`)
      return { figures, audited, auditCheck }
    },
  }
}

export const noErrorsCheck = (label: string, f: LoadFigures): Check =>
  check(`${label}: 0 errors, 0 timeouts, 0 non-2xx`, f.errors + f.timeouts + f.non2xx === 0,
    `${f.errors} errors, ${f.timeouts} timeouts, ${f.non2xx} non-2xx`)
