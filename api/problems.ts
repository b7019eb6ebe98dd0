/**
 * The catalogue of problems the API answers with (RFC 9457 problem details,
 * `application/problem+json`). Each type is a stable URI that clients may
 * branch on; the title is fixed per type. A `detail` is written by us, never
 * copied from an exception or from the input, so no personal data or internals
 * reach the client through it.
 */
export const PROBLEM_BASE = 'https://early-warning.invalid/problems/'

export const PROBLEMS = {
  'invalid-input': { status: 400, title: 'The request is not valid' },
  // A cohort page asked for with a cursor given out before the list changed: start again from the first page.
  'cohort-changed': { status: 400, title: 'The cohort changed since this cursor was given out' },
  unauthorized: { status: 401, title: 'A valid bearer token is required' },
  forbidden: { status: 403, title: 'This role may not use this operation' },
  'not-found': { status: 404, title: 'Not found' },
  'not-acceptable': { status: 406, title: 'No acceptable representation' },
  'payload-too-large': { status: 413, title: 'The request body is too large' },
  'unsupported-media-type': { status: 415, title: 'Unsupported content type' },
  'rate-limited': { status: 429, title: 'Too many requests' },
  internal: { status: 500, title: 'Internal error' },
  'service-unavailable': { status: 503, title: 'Service unavailable' },
} as const

export type ProblemSlug = keyof typeof PROBLEMS

/** One item of `errors`: where (a location and a path) and what was expected. Never the value sent. */
export interface ProblemItem {
  readonly [key: string]: string | number
}

export interface ProblemBody {
  readonly type: string
  readonly title: string
  readonly status: number
  readonly detail?: string
  readonly instance: string
  readonly errors?: readonly ProblemItem[]
}

/** A problem thrown by our own code; the error handler turns it into problem+json as it is. */
export class ProblemError extends Error {
  readonly slug: ProblemSlug
  readonly statusCode: number
  readonly detail: string | undefined
  readonly errors: readonly ProblemItem[] | undefined
  readonly headers: Readonly<Record<string, string>>

  constructor(
    slug: ProblemSlug,
    options: {
      readonly detail?: string
      readonly errors?: readonly ProblemItem[]
      readonly headers?: Readonly<Record<string, string>>
    } = {},
  ) {
    super(PROBLEMS[slug].title)
    this.name = 'ProblemError'
    this.slug = slug
    this.statusCode = PROBLEMS[slug].status
    this.detail = options.detail
    this.errors = options.errors
    this.headers = options.headers ?? {}
  }
}

export const problem = (
  slug: ProblemSlug,
  options?: ConstructorParameters<typeof ProblemError>[1],
): ProblemError => new ProblemError(slug, options)

export const problemType = (slug: ProblemSlug): string => `${PROBLEM_BASE}${slug}`

export const problemBody = (
  slug: ProblemSlug,
  requestId: string,
  options: { readonly detail?: string | undefined; readonly errors?: readonly ProblemItem[] | undefined } = {},
): ProblemBody => ({
  type: problemType(slug),
  title: PROBLEMS[slug].title,
  status: PROBLEMS[slug].status,
  ...(options.detail === undefined ? {} : { detail: options.detail }),
  instance: requestId,
  ...(options.errors === undefined ? {} : { errors: options.errors }),
})

/** The problem slug for a bare HTTP status (framework and plugin errors), `internal` when unknown. */
export const slugOfStatus = (status: number): ProblemSlug => {
  const found = (Object.keys(PROBLEMS) as ProblemSlug[]).find((slug) => PROBLEMS[slug].status === status)
  if (found !== undefined) return found
  return status >= 400 && status < 500 ? 'invalid-input' : 'internal'
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8'
