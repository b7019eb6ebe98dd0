/**
 * `POST /facts` (SPEC §6, role `ingest`): one batch, as NDJSON or as a JSON
 * array, all or nothing. The answer is the counts, or every error of every
 * line (line number, field path, what was expected; never the value sent).
 *
 * Limits: 10 MiB (413 beyond), 100,000 lines or items (413 beyond), 64 KiB a
 * line (an error of that line). Only the exact media types of
 * ../http/batch-media-type are parsed; the body is read as bytes and decoded
 * as strict UTF-8, then parsed by the engine's own JSON parser, which sees
 * duplicate keys, bounds depth and refuses `__proto__`.
 */
import * as E from 'fp-ts/Either'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { setImmediate as nextTurn } from 'node:timers/promises'
import { createBatchDecoder } from '../../engine/batch/decode-batch'
import type { BatchResult } from '../../engine/batch/decode-batch'
import { createJsonArrayDecoder } from '../../engine/batch/decode-json-array'
import type { LineError } from '../../engine/batch/line-error'
import type { ApiServices } from '../services'
import { problem } from '../problems'
import { batchFormatOf, hasContentEncoding } from '../http/batch-media-type'
import type { BatchFormat } from '../http/batch-media-type'
import { ONE_MIB } from '../http/fastify-options'
import { jsonArrayItems } from '../http/json-array-items'
import { TOKEN_PROBLEMS, noQuery, problemResponses } from '../schemas/problem.schema'

export const MAX_BATCH_BYTES = 10 * ONE_MIB
export const MAX_BATCH_LINES = 100_000
/** Writing a maximal batch takes seconds, not the default ten. */
export const FACTS_HANDLER_TIMEOUT_MS = 120_000

const countsSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['inserted', 'corrected', 'unchanged', 'withdrawn', 'superseded', 'unmatched', 'linked'],
  properties: {
    inserted: { type: 'integer' },
    corrected: { type: 'integer' },
    unchanged: { type: 'integer' },
    withdrawn: { type: 'integer' },
    superseded: { type: 'integer' },
    unmatched: { type: 'integer' },
    linked: { type: 'integer' },
  },
} as const

const strictUtf8 = new TextDecoder('utf-8', { fatal: true })

const lineCount = (text: string): number => {
  let lines = 1
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines += 1
  // A final line break ends the last line rather than starting an empty one.
  return text.endsWith('\n') ? lines - 1 : lines
}

/** Lines of an NDJSON body, or items of a JSON array (counted by a scan, before anything is parsed or decoded). */
const sizeOf = (text: string, format: BatchFormat): number => (format === 'ndjson' ? lineCount(text) : jsonArrayItems(text))

/** Lines decoded between turns of the event loop: a 10 MiB batch takes seconds to decode, and lookups must not wait for it. */
export const DECODE_SLICE = 1000

/**
 * Decoded a slice of lines (or array items) at a time, yielding the event
 * loop in between: the same decoder, so the same facts or errors as one pass.
 * A JSON array is parsed in one piece first (the parser sees the whole text:
 * about a tenth of the time of decoding its items).
 */
const decodeBody = async (text: string, format: BatchFormat): Promise<BatchResult> => {
  if (format === 'json') {
    const decoder = createJsonArrayDecoder(text)
    if (E.isLeft(decoder)) return decoder.left
    while (decoder.right.decodeNext(DECODE_SLICE)) await nextTurn()
    return decoder.right.result()
  }
  const lines = text.split('\n')
  if (text.endsWith('\n')) lines.pop()
  const decoder = createBatchDecoder()
  for (let i = 0; i < lines.length; i += DECODE_SLICE) {
    if (i > 0) await nextTurn()
    for (const line of lines.slice(i, i + DECODE_SLICE)) decoder.push(line)
  }
  return decoder.result()
}

const tooManyLines = () =>
  problem('payload-too-large', { detail: `A batch may hold at most ${MAX_BATCH_LINES} lines or items.` })

const rejected = (errors: readonly LineError[]) =>
  problem('invalid-input', {
    detail: 'The batch has errors; nothing was written.',
    errors: errors.map((e) => ({ line: e.line, path: e.path, expected: e.expected })),
  })

/** Refuses, before any byte of the body is read, what will not be parsed. */
const checkMediaType = async (request: FastifyRequest): Promise<void> => {
  if (hasContentEncoding(request.headers['content-encoding'])) {
    throw problem('unsupported-media-type', { detail: 'Content-Encoding is not accepted; send the batch uncompressed.' })
  }
  if (batchFormatOf(request.headers['content-type']) === undefined) {
    throw problem('unsupported-media-type', { detail: 'Send application/x-ndjson or application/json.' })
  }
}

export const factsRoutes = async (app: FastifyInstance, services: Pick<ApiServices, 'ingest'>): Promise<void> => {
  // This plugin is encapsulated: its parsers replace Fastify's only here.
  app.removeAllContentTypeParsers()
  app.addContentTypeParser(
    ['application/json', 'application/x-ndjson'],
    { parseAs: 'buffer', bodyLimit: MAX_BATCH_BYTES },
    (_request, body, done) => {
      try {
        done(null, strictUtf8.decode(body as Buffer))
      } catch {
        done(problem('invalid-input', { detail: 'The body is not valid UTF-8.' }), undefined)
      }
    },
  )
  app.post(
    '/facts',
    {
      bodyLimit: MAX_BATCH_BYTES,
      handlerTimeout: FACTS_HANDLER_TIMEOUT_MS,
      onRequest: checkMediaType,
      schema: {
        summary: 'Send a batch of facts (NDJSON or a JSON array); all or nothing',
        security: [{ bearer: [] }],
        querystring: noQuery,
        consumes: ['application/x-ndjson', 'application/json'],
        response: { 200: countsSchema, ...problemResponses(...TOKEN_PROBLEMS, 403, 413, 415) },
      },
    },
    async (request) => {
      const format = batchFormatOf(request.headers['content-type']) ?? 'ndjson'
      const text = typeof request.body === 'string' ? request.body : ''
      if (sizeOf(text, format) > MAX_BATCH_LINES) throw tooManyLines()
      const decoded = await decodeBody(text, format)
      if (E.isLeft(decoded)) throw rejected(decoded.left)
      const outcome = await services.ingest(decoded.right)
      if (outcome._tag === 'Rejected') throw rejected(outcome.errors)
      request.log.info({ event: 'batch_ingested', ...outcome.counts }, 'batch ingested')
      return outcome.counts
    },
  )
}
