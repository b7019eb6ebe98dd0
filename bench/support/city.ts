/**
 * A generated city stored the way the service stores one: the generator's
 * lines decoded and sent to storage's `ingestChunks` as a stream of 5,000-line
 * chunks (so memory holds a chunk, not the city), then `scoreCity` as of the
 * city's reference date. Timings are returned for the script's table.
 */
import * as E from 'fp-ts/Either'
import type { Kysely } from 'kysely'
import type { NumberedFact } from '../../engine/batch/decode-batch'
import { decodeFactLine } from '../../engine/batch/decode-line'
import { compileRuleSet } from '../../engine/evaluate'
import type { RuleSet } from '../../engine/rule-set/rule-set'
import { generateCity } from '../../fixtures/city/generate-city'
import { defaultRulesDir, loadRuleSet } from '../../rules-loader/load-rule-set'
import { londonDate } from '../../engine/time/london'
import { scoreCity } from '../../scoring/score-city'
import type { Database } from '../../storage/database/database'
import { DEFAULT_CHUNK_SIZE } from '../../storage/ingest/chunk-by-fact'
import { ingestChunks } from '../../storage/ingest/ingest-batch'
import { secondsSince } from './report'

export interface CityOptions {
  readonly children: number
  readonly seed: string
  readonly referenceDate: string
}

export interface StoredCity {
  readonly lines: number
  /** Generating and decoding the lines as well as ingesting them: the three run as one stream. */
  readonly generateAndIngestSeconds: number
  readonly scoreSeconds: number
}

export const defaultRuleSet = (): RuleSet => {
  const loaded = loadRuleSet(defaultRulesDir())
  if (E.isLeft(loaded)) throw new Error('the default rule set does not load')
  return loaded.right
}

/** The generated city's lines decoded, in ingest's chunks; `counter.lines` counts them as they go. */
export function* decodedChunks(options: CityOptions, counter: { lines: number } = { lines: 0 }): Generator<readonly NumberedFact[]> {
  let chunk: NumberedFact[] = []
  for (const text of generateCity({ children: options.children, seed: options.seed, referenceDate: options.referenceDate })) {
    const line = ++counter.lines
    const fact = decodeFactLine(text, line)
    if (E.isLeft(fact)) throw new Error(`generated line ${line} does not decode`)
    chunk.push({ line, fact: fact.right })
    if (chunk.length === DEFAULT_CHUNK_SIZE) {
      yield chunk
      chunk = []
    }
  }
  if (chunk.length > 0) yield chunk
}

export const storeCity = async (db: Kysely<Database>, options: CityOptions, ruleSet: RuleSet = defaultRuleSet()): Promise<StoredCity> => {
  const counter = { lines: 0 }
  let start = process.hrtime.bigint()
  const ingested = await ingestChunks(db, decodedChunks(options, counter), {
    receivedAt: new Date().toISOString(),
    label: 'bench city',
  })
  if (E.isLeft(ingested)) throw new Error(`the generated city was refused (${ingested.left.length} errors)`)
  const generateAndIngestSeconds = secondsSince(start)
  start = process.hrtime.bigint()
  // Scored as of today, the city leaves no child for the server's first POST to score again.
  await scoreCity(db, ruleSet, compileRuleSet(ruleSet), {
    asOf: options.referenceDate,
    evaluatedAt: new Date().toISOString(),
    clearPendingMarks: options.referenceDate === londonDate(Date.now()),
  })
  return { lines: counter.lines, generateAndIngestSeconds, scoreSeconds: secondsSince(start) }
}
