/** The problem+json body, declared on every route for the OpenAPI description. */
export const problemSchema = {
  $id: 'Problem',
  type: 'object',
  additionalProperties: false,
  required: ['type', 'title', 'status', 'instance'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string', description: 'the request id' },
    errors: { type: 'array', items: { type: 'object', additionalProperties: { type: ['string', 'integer'] } } },
  },
} as const

const ref = { $ref: 'Problem#' } as const

/** Problem answers a route can give besides its success. */
export const problemResponses = (...statuses: readonly number[]): Record<number, typeof ref> =>
  Object.fromEntries(statuses.map((s) => [s, ref]))

/** What every route with a token may answer. */
export const TOKEN_PROBLEMS = [400, 401, 429, 500, 503] as const

/** For routes without parameters: any query parameter is an error, not silently ignored. */
export const noQuery = { type: 'object', additionalProperties: false, properties: {} } as const
