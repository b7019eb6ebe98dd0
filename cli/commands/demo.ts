import { randomBytes } from 'node:crypto'
import { parseArgs } from 'node:util'
import * as E from 'fp-ts/Either'
import { mintToken } from '../../api/auth/mint-token'
import { ROLES, type Role } from '../../api/auth/roles'
import pino from 'pino'
import { createLogger } from '../../api/logging/logger'
import { startServer } from '../../api/server'
import { formatConfigProblem, readConfig, type Config } from '../../config/config'
import type { NumberedFact } from '../../engine/batch/decode-batch'
import { decodeFactLine } from '../../engine/batch/decode-line'
import { compileRuleSet } from '../../engine/evaluate'
import { addDays, subtractMonths } from '../../engine/time/calendar'
import { generateCity } from '../../fixtures/city/generate-city'
import { scoreCity, type ScoreSummary } from '../../scoring/score-city'
import { storedCohortRows } from '../../scoring/stored-cohort'
import { DEFAULT_CHUNK_SIZE } from '../../storage/ingest/chunk-by-fact'
import { ingestChunks } from '../../storage/ingest/ingest-batch'
import { UsageError, writeLine, type CliIo } from '../cli-io'
import type { Command } from '../command'
import { loadRulesOrProblems } from '../load-rules'
import { withStore } from '../open-store'

const help = `Usage: early-warning demo [--children N] [--seed S] [--no-serve]

The main job on the embedded database (or DATABASE_URL): generates a synthetic
city (default 2,000 children, seed "demo", as it stood at the end of
yesterday, so that nothing in it is later than now), ingests it, scores
every child as of today, prints children per flag, per tier and per cohort, then starts
the API and prints its address, the OpenAPI description, a token for each
role and a sample curl for each team. A second run reuses the database: the
city is re-sent, found unchanged, and scored again.

Secrets: EW_JWT_SECRET and EW_PSEUDONYM_KEY are used when set, otherwise
generated for this run only. --no-serve stops after the summary.`

/** The city as decoded chunks; it was generated valid, so a bad line is a bug, not input. */
function* cityChunks(children: number, seed: string, referenceDate: string): Generator<readonly NumberedFact[]> {
  let chunk: NumberedFact[] = []
  let line = 0
  for (const text of generateCity({ children, seed, referenceDate })) {
    line += 1
    const decoded = decodeFactLine(text, line)
    if (E.isLeft(decoded)) throw new Error(`generated line ${line} does not decode`)
    chunk.push({ line, fact: decoded.right })
    if (chunk.length >= DEFAULT_CHUNK_SIZE) {
      yield chunk
      chunk = []
    }
  }
  if (chunk.length > 0) yield chunk
}

const printSummary = (out: (t: string) => void, summary: ScoreSummary, titles: ReadonlyMap<string, string>): void => {
  out('Children per flag')
  for (const [id, n] of Object.entries(summary.flags)) out(`  ${id.padEnd(24)} ${String(n).padStart(7)}   ${titles.get(id) ?? ''}`)
  out('')
  out('Children per tier')
  for (const [tier, n] of Object.entries(summary.tiers)) out(`  ${tier.padEnd(8)} ${String(n).padStart(7)}`)
  out('')
}

const TEAM_CALLS: readonly { role: Role; team: string; call: (url: string, ctx: { childId: string; from: string; to: string }) => string }[] = [
  { role: 'mash', team: 'MASH: one child\'s flags with evidence', call: (u, c) => `curl -s -H "Authorization: Bearer $TOKEN_MASH" -H "X-Purpose: contact triage" ${u}/children/${c.childId}/flags` },
  { role: 'missing_pilot', team: 'Missing pilot: the repeat-missing list', call: (u) => `curl -s -H "Authorization: Bearer $TOKEN_MISSING_PILOT" ${u}/cohorts/missing-pilot` },
  { role: 'virtual_school', team: 'Virtual School: looked-after attendance', call: (u) => `curl -s -H "Authorization: Bearer $TOKEN_VIRTUAL_SCHOOL" ${u}/cohorts/lac-attendance` },
  { role: 'yot_analyst', team: 'YOT analysts: first-time entrants, CSV', call: (u, c) => `curl -s -H "Authorization: Bearer $TOKEN_YOT_ANALYST" -H "Accept: text/csv" "${u}/cohorts/first-time-entrants?from=${c.from}&to=${c.to}"` },
  { role: 'ingest', team: 'Agency feed: send a batch', call: (u) => `curl -s -H "Authorization: Bearer $TOKEN_INGEST" -H "Content-Type: application/x-ndjson" --data-binary @fixtures/scenarios/repeat-missing.ndjson ${u}/facts` },
  { role: 'admin', team: 'Administrator: the audit log', call: (u) => `curl -s -H "Authorization: Bearer $TOKEN_ADMIN" "${u}/audit?limit=5"` },
]

const demoConfig = (config: Config): Config => ({
  ...config,
  jwtSecret: config.jwtSecret ?? randomBytes(32).toString('base64url'),
  pseudonymKey: config.pseudonymKey ?? randomBytes(32).toString('base64url'),
})

export const demo: Command = {
  words: ['demo'],
  summary: 'build the database from a synthetic city, score it and serve the API',
  help,
  async run(args, io: CliIo) {
    const { values } = parseArgs({
      args: [...args],
      strict: true,
      options: { children: { type: 'string' }, seed: { type: 'string' }, 'no-serve': { type: 'boolean' } },
    })
    const count = Number(values.children ?? '2000')
    if (!Number.isSafeInteger(count) || count < 1 || count > 1_000_000) throw new UsageError('--children must be from 1 to 1,000,000')
    const seed = values.seed ?? 'demo'
    const asOf = io.today()
    const config = readConfig(io.env)
    if (E.isLeft(config)) {
      for (const p of config.left) writeLine(io.stderr, formatConfigProblem(p))
      return 1
    }
    const rules = loadRulesOrProblems()
    if (E.isLeft(rules)) {
      for (const line of rules.left) writeLine(io.stderr, line)
      return 1
    }
    const ruleSet = rules.right
    const out = (text: string): void => writeLine(io.stdout, text)
    const from = addDays(subtractMonths(asOf, 12), 1)
    let sampleChild = 'C0000001'

    const built = await withStore(io, async ({ store }) => {
      out(`Early Warning demo: a synthetic city of ${count.toLocaleString('en-GB')} children (seed "${seed}"), as of ${asOf}, on ${store.engine}`)
      // The city as it stood at the end of yesterday: generated for today, it holds facts recorded (and episodes
      // started) up to 21:00 UTC today, hours after the demo is run, and a child would be 'missing since' this evening.
      const cityDate = addDays(asOf, -1)
      const ingested = await ingestChunks(store.db, cityChunks(count, seed, cityDate), { receivedAt: io.now(), label: `demo city ${seed}` })
      if (E.isLeft(ingested)) {
        for (const e of ingested.left) writeLine(io.stderr, e.message)
        return 1
      }
      const c = ingested.right.counts
      out(`Ingested: ${c.inserted} inserted, ${c.corrected} corrected, ${c.unchanged} unchanged, ${c.withdrawn} withdrawn, ${c.unmatched} unmatched`)
      const compiled = compileRuleSet(ruleSet)
      const summary = await scoreCity(store.db, ruleSet, compiled, { asOf, evaluatedAt: io.now(), clearPendingMarks: true })
      out(`Rule set ${ruleSet.id} ${ruleSet.version} (${ruleSet.hash})`)
      out('')
      printSummary(out, summary, new Map(ruleSet.rules.map((r) => [r.id, r.title])))
      out('Cohorts')
      for (const definition of ruleSet.cohorts) {
        const params = definition.requiresRange === true ? { asOf, from, to: asOf } : { asOf }
        const rows = await storedCohortRows(store.db, compiled, definition, params)
        if (definition.name === 'missing-pilot' && E.isRight(rows) && rows.right[0] !== undefined) sampleChild = rows.right[0].childId
        const range = definition.requiresRange === true ? ` (entered ${from} to ${asOf})` : ''
        out(`  ${definition.name.padEnd(24)} ${(E.isRight(rows) ? String(rows.right.length) : 'error').padStart(7)}${range}`)
      }
      out('')
      return 0
    })
    if (built !== 0 || values['no-serve'] === true) return built

    const serving = demoConfig(config.right)
    // Request logs go to stderr so the printed tokens and calls stay readable on stdout.
    const started = await startServer(serving, { logger: createLogger(serving.logLevel, pino.destination(2)) })
    if (E.isLeft(started)) {
      for (const line of started.left) writeLine(io.stderr, line)
      return 1
    }
    const { url } = started.right
    out(`API:      ${url}`)
    out(`OpenAPI:  ${url}/docs`)
    out('')
    out('Tokens (valid 8 hours; paste these into your shell):')
    for (const role of ROLES) {
      const minted = mintToken(serving, { role, sub: `demo-${role.replace(/_/g, '-')}`, ttlSeconds: 8 * 3600 }, Date.parse(io.now()))
      if (E.isRight(minted)) out(`export TOKEN_${role.toUpperCase()}=${minted.right}`)
    }
    out('')
    for (const t of TEAM_CALLS) {
      out(`# ${t.team}`)
      out(t.call(url, { childId: sampleChild, from, to: asOf }))
    }
    out('')
    out('Press Ctrl-C to stop.')
    return 0
  },
}
