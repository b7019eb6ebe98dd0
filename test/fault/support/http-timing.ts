/**
 * One HTTP request to the server under test, timed, never throwing: a
 * refused or reset connection is a result too (status 0 with its code), so a
 * script can count it instead of stopping.
 */
export interface Timed {
  readonly status: number
  readonly ms: number
  /** Set when there was no HTTP answer (ECONNREFUSED, ECONNRESET…). */
  readonly error?: string
  readonly headers?: Headers
  readonly body?: string
}

const causeCode = (error: unknown): string => {
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause
  return typeof cause?.code === 'string' ? cause.code : error instanceof Error ? error.name : 'error'
}

export const timedFetch = async (url: string, init: RequestInit = {}, keepBody = false): Promise<Timed> => {
  const started = performance.now()
  try {
    const res = await fetch(url, init)
    const body = await res.text()
    return { status: res.status, ms: performance.now() - started, headers: res.headers, ...(keepBody ? { body } : {}) }
  } catch (error) {
    return { status: 0, ms: performance.now() - started, error: causeCode(error) }
  }
}

/** The `detail` of a problem+json answer kept with `keepBody`, or `-`. */
export const problemDetail = (r: Timed): string => {
  try {
    const detail = (JSON.parse(r.body ?? '') as { detail?: unknown }).detail
    return typeof detail === 'string' ? detail : '-'
  } catch {
    return '-'
  }
}

/** How many answers had each problem detail, e.g. `The database is not available…×88`. */
export const detailSummary = (results: readonly Timed[]): string => {
  const counts = new Map<string, number>()
  for (const r of results) counts.set(problemDetail(r), (counts.get(problemDetail(r)) ?? 0) + 1)
  return [...counts].sort().map(([k, n]) => `"${k}"×${n}`).join(' ')
}

/** Counts of each status (0: no answer), e.g. `200×12 503×88`. */
export const statusSummary = (results: readonly Timed[]): string => {
  const counts = new Map<string, number>()
  for (const r of results) {
    const key = r.status === 0 ? (r.error ?? 'no answer') : String(r.status)
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  return [...counts].sort().map(([k, n]) => `${k}×${n}`).join(' ')
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))
