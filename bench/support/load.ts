/**
 * autocannon, in this process, against the server under test: a promise of
 * the result, requests built per call by `next()` (a random child, a rotating
 * token), and the figures every script prints (rps, p50, p99, max, errors,
 * non-2xx).
 */
import autocannon from 'autocannon'
import { percentile } from './percentile'

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
  /** Requests a second over all connections, steady (see runSteady); absent: as fast as the server answers. */
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

type OnResponse = (status: number, ms: number) => void

const run = (
  options: autocannon.Options,
  stopAfterMs: number | undefined,
  onResponse?: OnResponse,
): Promise<{ result: autocannon.Result; stopped: boolean }> =>
  new Promise((resolve, reject) => {
    let stopped = false
    let timer: NodeJS.Timeout | undefined
    const instance = autocannon(options, (error, result) => {
      clearTimeout(timer)
      if (error !== null && error !== undefined) reject(error instanceof Error ? error : new Error(String(error)))
      else resolve({ result, stopped })
    })
    if (onResponse !== undefined) {
      instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => onResponse(status, ms))
    }
    if (stopAfterMs !== undefined) {
      timer = setTimeout(() => {
        stopped = true
        instance.stop()
      }, stopAfterMs)
    }
  })

/** autocannon's options for `connections` connections sending `next()`'s requests. */
const baseOptions = (options: LoadOptions, connections: number): autocannon.Options => ({
  url: options.url,
  connections,
  timeout: options.timeout ?? 10,
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
})

const statusCountsOf = (results: readonly autocannon.Result[]): Record<string, number> => {
  const counts: Record<string, number> = {}
  for (const result of results) {
    for (const [status, stat] of Object.entries(result.statusCodeStats ?? {})) counts[status] = (counts[status] ?? 0) + (stat.count ?? 0)
  }
  return counts
}

const sum = (results: readonly autocannon.Result[], of: (r: autocannon.Result) => number): number =>
  results.reduce((total, r) => total + of(r), 0)

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * A lane's requests over its own time. Their sum is the rate while every lane
 * runs: requests over the whole run's time would count the lanes' staggered
 * start as idle (20,000 requests over 21 s for 1,000 a second for 20 s).
 */
const laneRate = (result: autocannon.Result): number => (result.duration > 0 ? result.requests.total / result.duration : 0)

/**
 * A steady `rate`. autocannon's own rate limit is not one: each connection
 * sends its share of a second back to back as soon as the second begins,
 * then waits, so every connection is busy at once for part of each second
 * and the latencies measured are those of full speed; and it corrects them
 * for coordinated omission with an interval of 1 ms whatever the rate, which
 * adds a made-up sample for every millisecond of each answer. Here each
 * connection is an autocannon of its own with its share of the rate, the
 * connections starting at even intervals over the first second, so that
 * their bursts take turns; latencies are the answers' own times, taken from
 * autocannon's `response` events (2xx only, as autocannon counts them).
 */
const runSteady = async (options: LoadOptions, rate: number): Promise<LoadFigures> => {
  const lanes = Math.max(1, Math.min(options.connections, rate))
  const shareOf = (n: number, lane: number): number => Math.floor(n / lanes) + (lane < n % lanes ? 1 : 0)
  const latencies: number[] = []
  const record: OnResponse = (status, ms) => {
    if (status >= 200 && status < 300) latencies.push(ms)
  }
  const runs = await Promise.all(
    Array.from({ length: lanes }, async (_, lane) => {
      const amount = options.amount === undefined ? undefined : shareOf(options.amount, lane)
      if (amount === 0) return undefined
      await sleep((lane * 1000) / lanes)
      return run(
        { ...baseOptions(options, 1), overallRate: shareOf(rate, lane), ...(amount === undefined ? { duration: options.seconds } : { amount }) },
        amount === undefined ? undefined : options.seconds * 1000,
        record,
      )
    }),
  )
  const done = runs.flatMap((r) => (r === undefined ? [] : [r]))
  const results = done.map((r) => r.result)
  const requests = sum(results, (r) => r.requests.total)
  return {
    requests,
    rps: sum(results, laneRate),
    p50: percentile(latencies, 50),
    p90: percentile(latencies, 90),
    p99: percentile(latencies, 99),
    max: Math.max(0, ...latencies),
    errors: sum(results, (r) => r.errors),
    timeouts: sum(results, (r) => r.timeouts),
    non2xx: sum(results, (r) => r.non2xx),
    ok2xx: sum(results, (r) => r['2xx']),
    statusCounts: statusCountsOf(results),
    stoppedEarly: done.some((r) => r.stopped),
  }
}

export const runLoad = async (options: LoadOptions): Promise<LoadFigures> => {
  if (options.rate !== undefined) return runSteady(options, options.rate)
  const { result, stopped } = await run(
    { ...baseOptions(options, options.connections), ...(options.amount === undefined ? { duration: options.seconds } : { amount: options.amount }) },
    options.amount === undefined ? undefined : options.seconds * 1000,
  )
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
    statusCounts: statusCountsOf([result]),
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
