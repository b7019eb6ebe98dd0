/**
 * autocannon, in this process, against the server under test: a promise of
 * the result, requests built per call by `next()` (a random child, a rotating
 * token), and the figures every script prints (rps, p50, p99, max, errors,
 * non-2xx).
 */
import autocannon from 'autocannon'

export interface NextRequest {
  readonly path: string
  readonly headers?: Readonly<Record<string, string>>
  readonly method?: 'GET' | 'POST'
  readonly body?: string
}

export interface LoadOptions {
  readonly url: string
  readonly connections: number
  /** How long to run; with `amount`, the most it may take before it is stopped. */
  readonly seconds: number
  /**
   * A fixed number of requests instead of a duration: every request sent is
   * answered before the run ends, so counts (audit rows = 2xx) are exact.
   */
  readonly amount?: number
  /** Requests a second over all connections (autocannon's overallRate); absent: as fast as the server answers. */
  readonly rate?: number
  readonly next: () => NextRequest
  /** Seconds before a request counts as a timeout (default 10). */
  readonly timeout?: number
}

export interface LoadFigures {
  readonly requests: number
  readonly rps: number
  readonly p50: number
  readonly p90: number
  readonly p99: number
  readonly max: number
  readonly errors: number
  readonly timeouts: number
  readonly non2xx: number
  readonly ok2xx: number
  readonly statusCounts: Readonly<Record<string, number>>
  /** An `amount` run that was stopped at `seconds`: requests in flight then were not counted. */
  readonly stoppedEarly: boolean
}

const run = (options: autocannon.Options, stopAfterMs: number | undefined): Promise<{ result: autocannon.Result; stopped: boolean }> =>
  new Promise((resolve, reject) => {
    let stopped = false
    let timer: NodeJS.Timeout | undefined
    const instance = autocannon(options, (error, result) => {
      clearTimeout(timer)
      if (error !== null && error !== undefined) reject(error instanceof Error ? error : new Error(String(error)))
      else resolve({ result, stopped })
    })
    if (stopAfterMs !== undefined) {
      timer = setTimeout(() => {
        stopped = true
        instance.stop()
      }, stopAfterMs)
    }
  })

export const runLoad = async (options: LoadOptions): Promise<LoadFigures> => {
  const { result, stopped } = await run({
    url: options.url,
    connections: options.connections,
    ...(options.amount === undefined ? { duration: options.seconds } : { amount: options.amount }),
    timeout: options.timeout ?? 10,
    ...(options.rate === undefined ? {} : { overallRate: options.rate }),
    requests: [
      {
        setupRequest: (request) => {
          const next = options.next()
          return {
            ...request,
            method: next.method ?? 'GET',
            path: next.path,
            headers: { ...request.headers, ...next.headers },
            ...(next.body === undefined ? {} : { body: next.body }),
          }
        },
      },
    ],
  }, options.amount === undefined ? undefined : options.seconds * 1000)
  const statusCounts: Record<string, number> = {}
  for (const [status, stat] of Object.entries(result.statusCodeStats ?? {})) statusCounts[status] = stat.count ?? 0
  return {
    requests: result.requests.total,
    rps: result.requests.average,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    ok2xx: result['2xx'],
    statusCounts,
    stoppedEarly: stopped,
  }
}

export const randomOf = <A>(items: readonly A[]): A => {
  const item = items[Math.floor(Math.random() * items.length)]
  if (item === undefined) throw new RangeError('randomOf: no items')
  return item
}

/** One row of the figures table. */
export const loadRow = (label: string, f: LoadFigures): string =>
  [
    label.padEnd(40),
    Math.round(f.rps).toString().padStart(7),
    f.p50.toFixed(1).padStart(8),
    f.p99.toFixed(1).padStart(8),
    f.max.toFixed(0).padStart(8),
    String(f.errors + f.timeouts).padStart(7),
    String(f.non2xx).padStart(7),
    String(f.ok2xx).padStart(8),
  ].join(' ')

export const LOAD_HEADER = [
  'run'.padEnd(40),
  'rps'.padStart(7),
  'p50 ms'.padStart(8),
  'p99 ms'.padStart(8),
  'max ms'.padStart(8),
  'errors'.padStart(7),
  'non2xx'.padStart(7),
  '2xx'.padStart(8),
].join(' ')
