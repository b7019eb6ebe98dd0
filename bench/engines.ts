/**
 * bench:engines — the same flags computed four ways over the same generated
 * city, as of the same date, checked to agree, and timed:
 *
 *   (a) our engine (`evaluateChild`, every raised flag explained, with evidence);
 *   (b) json-rules-engine, each child's aggregates precomputed as its facts;
 *   (c) one SQL query over the stored facts in PostgreSQL;
 *   (d) a hand-written TypeScript loop.
 *
 *   DATABASE_URL=postgres://… npm run bench:engines -- [--children 100000] [--seed bench] [--as-of 2026-11-24]
 *     [--passes 3] [--skip-sql]
 *
 * (a), (b) and (d) start from the same point, each child's current facts
 * linked in memory (decoding, picking current versions and linking are done
 * before any timing); (c) starts from the same facts stored by our ingest (not
 * timed). Each is timed over every child, best of `--passes` passes after a
 * warm-up; the passes take turns, so a busy spell on the machine falls on all.
 * Exits 1 when any two disagree on any child's flags. Two more rows run (a)
 * and (d) as often over the first 2,000 children again and again, whose facts
 * then stay in the CPU's caches: the gap to their rows over the whole city is
 * what fetching a hundred thousand children's facts from memory costs.
 */
import { cpus } from 'node:os'
import { parseArgs } from 'node:util'
import * as E from 'fp-ts/Either'
import { decodeFactLine } from '../engine/batch/decode-line'
import { compileRuleSet } from '../engine/evaluate'
import type { FactVersion } from '../engine/facts/fact'
import type { ChildFacts } from '../engine/linking/child-facts'
import { linkFacts } from '../engine/linking/link-facts'
import { isIsoDate } from '../engine/time/calendar'
import { currentFacts } from '../engine/versions/current-version'
import { generateCity } from '../fixtures/city/generate-city'
import { defaultRulesDir, loadRuleSet } from '../rules-loader/load-rule-set'
import { aggregatesOf, boundsFor } from './engines/aggregates'
import { compactAggregatesOf, compactCityOf } from './engines/compact-form'
import { differences, flagCount, flagSetOf, listFlags, newFlagList } from './engines/flag-sets'
import type { FlagList, FlagSet } from './engines/flag-sets'
import { handFlags, handLoopFlags } from './engines/hand-loop'
import { jsonRulesEngine, jsonRulesFlags } from './engines/json-rules'
import { oursFlags, oursValues } from './engines/ours'
import { profileOf } from './engines/profile'
import { flagsQuery } from './engines/sql-query'
import { sqlFlags, storeVersions } from './engines/sql-store'
import { COMPARED_RULES, LEFT_OUT_RULES, comparedRuleSet } from './engines/subset'
import { timeBest } from './engines/timing'
import type { Timing } from './engines/timing'
import { DEFAULT_ADMIN_URL, openBenchDatabase, withClient } from './support/bench-database'
import { runScript } from './support/cleanup'
import { headerLine, parseWholeNumber, secondsSince } from './support/report'

const { values } = parseArgs({
  options: {
    children: { type: 'string' },
    seed: { type: 'string' },
    'as-of': { type: 'string' },
    passes: { type: 'string' },
    'skip-sql': { type: 'boolean' },
  },
})
const childCount = parseWholeNumber('children', values.children, 100_000)
const seed = values.seed ?? 'bench'
const asOf = values['as-of'] ?? '2026-11-24'
const passes = Math.max(1, parseWholeNumber('passes', values.passes, 3))
const skipSql = values['skip-sql'] === true
const adminUrl = process.env['DATABASE_URL'] || DEFAULT_ADMIN_URL
/** Children each implementation runs over once before any timing, so all are compiled by the JIT alike. */
const WARM_UP = 5_000
/** Children evaluated over and over for the rows whose facts stay in cache. */
const CACHED = 2_000
/** Children in the profiled pass of our engine. */
const PROFILED = 20_000

const int = (n: number): string => Math.round(n).toLocaleString('en-GB')
const times = (a: number): string => `${a >= 10 ? a.toFixed(0) : a.toFixed(2)}×`

interface Row {
  readonly label: string
  readonly includes: string
  readonly timing: Timing<FlagSet>
  /** Children evaluated in the timing, when not every child once. */
  readonly evaluations?: number
}

const printRow = (row: Row, children: number, passes: number): void => {
  const { seconds, cpuSeconds, gcSeconds } = row.timing
  const perCpu = cpuSeconds === null ? '—' : int(children / cpuSeconds)
  const gc = gcSeconds === null ? '—' : `${((100 * gcSeconds) / seconds).toFixed(1)}%`
  console.log(
    `${row.label.padEnd(36)} ${seconds.toFixed(3).padStart(9)} ${int(children / seconds).padStart(12)} ${perCpu.padStart(12)} ${gc.padStart(6)} ${int(flagCount(row.timing.result)).padStart(8)}  best of ${passes}`,
  )
}

const main = async (): Promise<boolean> => {
  if (!isIsoDate(asOf)) throw new RangeError('--as-of must be a date YYYY-MM-DD')
  const loaded = loadRuleSet(defaultRulesDir())
  if (E.isLeft(loaded)) throw new Error('the default rule set does not load')
  const fullRuleSet = loaded.right
  const subset = comparedRuleSet(fullRuleSet)
  const compiled = compileRuleSet(subset)
  const compiledFull = compileRuleSet(fullRuleSet)
  const bounds = boundsFor(asOf, fullRuleSet.aceByFactor)

  // ---- the city: generated, decoded, current versions linked to children (not timed against anything)
  let start = process.hrtime.bigint()
  const versions: FactVersion[] = []
  for (const text of generateCity({ children: childCount, seed, referenceDate: asOf })) {
    const decoded = decodeFactLine(text, versions.length + 1)
    if (E.isLeft(decoded)) throw new Error(`generated line ${versions.length + 1} does not decode`)
    versions.push(decoded.right)
  }
  const linked = linkFacts(currentFacts(versions))
  if (E.isLeft(linked)) throw new Error('the generated city has link conflicts')
  const children: readonly ChildFacts[] = linked.right.children
  const n = children.length
  const prepareSeconds = secondsSince(start)

  // ---- (c)'s database, loaded by our ingest (not timed against anything)
  let serverVersion: string | undefined
  let loadSeconds = 0
  let sqlUrl: string | undefined
  if (!skipSql) {
    const database = await openBenchDatabase(adminUrl, 'ew_engines')
    serverVersion = database.serverVersion
    start = process.hrtime.bigint()
    await storeVersions(database, versions)
    await database.query('ANALYZE fact_version')
    loadSeconds = secondsSince(start)
    sqlUrl = database.url
  }
  versions.length = 0

  // ---- the four implementations, each from the linked facts (SQL: from the stored facts)
  const engine = jsonRulesEngine()
  const query = flagsQuery(fullRuleSet.aceByFactor)
  const totals = { explained: 0 }
  const ours = (list: readonly ChildFacts[]): FlagList => oursFlags(compiled, list, asOf, totals)
  const oursAll = (list: readonly ChildFacts[]): FlagList => oursFlags(compiledFull, list, asOf, totals)
  const valuesOnly = (list: readonly ChildFacts[]): FlagList => oursValues(compiled, list, asOf)
  const loop = (list: readonly ChildFacts[]): FlagList => {
    const flags = newFlagList()
    for (const child of list) listFlags(flags, child.child.childId, handLoopFlags(child, bounds))
    return flags
  }
  const jre = async (list: readonly ChildFacts[]): Promise<FlagList> => {
    const flags = newFlagList()
    for (const child of list) listFlags(flags, child.child.childId, await jsonRulesFlags(engine, aggregatesOf(child, bounds)))
    return flags
  }

  // The same two over aggregates computed beforehand (not timed): what is left once the facts are reduced.
  const precomputed = children.map((child) => ({ childId: child.child.childId, aggregates: aggregatesOf(child, bounds) }))
  const loopOverAggregates = (list: typeof precomputed): FlagList => {
    const flags = newFlagList()
    for (const { childId, aggregates } of list) listFlags(flags, childId, handFlags(aggregates))
    return flags
  }
  const jreOverAggregates = async (list: typeof precomputed): Promise<FlagList> => {
    const flags = newFlagList()
    for (const { childId, aggregates } of list) listFlags(flags, childId, await jsonRulesFlags(engine, aggregates))
    return flags
  }

  // The hand loop reading a compact form of the facts, built beforehand (not timed): what reading them could cost.
  // The ids in an array of their own, as the precomputed aggregates have them: reading each child's record for it
  // would fetch from memory what the compact form is there to avoid.
  const compact = compactCityOf(children, bounds)
  const compactIds = children.map((child) => child.child.childId)
  const loopOverCompact = (): FlagList => {
    const flags = newFlagList()
    for (let i = 0; i < n; i += 1) {
      const raised = handFlags(compactAggregatesOf(compact, i))
      if (raised.length > 0) listFlags(flags, compactIds[i] ?? '', raised)
    }
    return flags
  }

  // The same number of evaluations over a few children again and again: their facts stay in the CPU's caches.
  const cached = children.slice(0, Math.min(CACHED, n))
  const cachedRounds = Math.max(1, Math.round(n / cached.length))
  const cachedEvaluations = cachedRounds * cached.length
  /** Children evaluated in a timing: every child once, but for the rows over the cached few. */
  const evaluationsIn = (key: string): number => (key.endsWith('-cached') ? cachedEvaluations : n)
  const repeated = (run: (list: readonly ChildFacts[]) => FlagList): FlagList => {
    let last = newFlagList()
    for (let round = 0; round < cachedRounds; round += 1) last = run(cached)
    return last
  }

  const warm = children.slice(0, WARM_UP)
  ours(warm)
  oursAll(warm)
  valuesOnly(warm)
  loop(warm)
  await jre(warm)
  loopOverAggregates(precomputed.slice(0, WARM_UP))
  loopOverCompact()
  await jreOverAggregates(precomputed.slice(0, WARM_UP))

  // Best of the passes for each; the passes take turns, so a busy spell on the machine falls on all.
  // Each best's flags become a FlagSet after its timing (./engines/flag-sets).
  const best = new Map<string, Timing<FlagSet>>()
  const timed = async (key: string, run: () => FlagList | Promise<FlagList>, inProcess = true): Promise<void> => {
    const t = await timeBest(1, run, inProcess)
    const known = best.get(key)
    if (known === undefined || t.seconds < known.seconds) best.set(key, { ...t, result: flagSetOf(t.result) })
  }
  for (let i = 0; i < passes; i += 1) {
    await timed('loop', () => loop(children))
    await timed('ours', () => ours(children))
    await timed('values', () => valuesOnly(children))
    await timed('all', () => oursAll(children))
    await timed('jre', () => jre(children))
    await timed('loop-aggregates', () => loopOverAggregates(precomputed))
    await timed('loop-compact', loopOverCompact)
    await timed('jre-aggregates', () => jreOverAggregates(precomputed))
    await timed('loop-cached', () => repeated(loop))
    await timed('ours-cached', () => repeated(ours))
  }
  if (sqlUrl !== undefined) {
    await withClient(sqlUrl, async (client) => {
      await sqlFlags(client, query, asOf) // the first run plans the query and reads the table into the cache
      for (let i = 0; i < passes; i += 1) await timed('sql', () => sqlFlags(client, query, asOf), false)
    })
  }
  const get = (key: string): Timing<FlagSet> => {
    const t = best.get(key)
    if (t === undefined) throw new Error(`no timing for ${key}`)
    return t
  }
  const cachedRow = (which: string, key: string): Row => ({
    label: `${which}, ${int(cached.length)} children over and over`,
    includes: `as ${which}, the same ${int(cached.length)} children each time, as many evaluations: facts in cache (flags: those children's)`,
    timing: get(key),
    evaluations: evaluationsIn(key),
  })
  const rows: Row[] = [
    { label: '(a) ours: evaluateChild, explained', includes: 'context, values, results, explanations, evidence, score, tier', timing: get('ours') },
    { label: '(b) json-rules-engine 7.3.1', includes: 'aggregates precomputed per child + await engine.run', timing: get('jre') },
    ...(sqlUrl === undefined ? [] : [{ label: '(c) SQL, one query (PostgreSQL)', includes: 'the query and its rows (not the load)', timing: get('sql') }]),
    { label: '(d) hand-written loop', includes: 'aggregates per child + thresholds', timing: get('loop') },
    { label: '(b) over aggregates computed before', includes: 'await engine.run only (aggregates not timed)', timing: get('jre-aggregates') },
    { label: '(d) over aggregates computed before', includes: 'thresholds only (aggregates not timed)', timing: get('loop-aggregates') },
    { label: '(d) over a compact form of the facts', includes: 'aggregates from typed arrays built before (not timed) + thresholds', timing: get('loop-compact') },
    { label: 'ours, values only (no explanations)', includes: 'context and every value: (a) before explaining', timing: get('values') },
    { label: 'ours, all 17 rules, explained', includes: 'as (a) with the 4 left-out rules too (not compared)', timing: get('all') },
    cachedRow('(d)', 'loop-cached'),
    cachedRow('(a)', 'ours-cached'),
  ]

  // ---- agreement: every implementation against ours
  const oursSet = get('ours').result
  const checks = [
    { name: 'json-rules-engine', set: get('jre').result },
    ...(sqlUrl === undefined ? [] : [{ name: 'SQL', set: get('sql').result }]),
    { name: 'hand-written loop', set: get('loop').result },
    { name: 'json-rules-engine over aggregates', set: get('jre-aggregates').result },
    { name: 'hand loop over aggregates', set: get('loop-aggregates').result },
    { name: 'hand loop over a compact form', set: get('loop-compact').result },
    { name: 'ours, values only', set: get('values').result },
  ].map((c) => ({ ...c, diffs: differences(oursSet, c.set) }))

  // ---- where our engine's time goes (an extra pass, not timed)
  const profile = await profileOf(() => ours(children.slice(0, PROFILED)), 12)

  // ---- the table
  console.log(
    headerLine(
      'bench:engines',
      `${int(n)} children, as of ${asOf}, seed ${seed}, ${COMPARED_RULES.length} rules compared`,
      serverVersion,
    ),
  )
  console.log(`rules compared: ${COMPARED_RULES.join(', ')}`)
  console.log(`left out: ${LEFT_OUT_RULES.join(', ')} (open on D / the 72-hour return interview: precomputed, each would be a boolean fact)`)
  console.log(`prepare (generate, decode, current versions, link; not timed against anything): ${prepareSeconds.toFixed(1)} s`)
  if (!skipSql) console.log(`load for (c) (our ingest + ANALYZE, not part of (c)'s figure): ${loadSeconds.toFixed(1)} s`)
  else console.log('(c) SQL skipped (--skip-sql)')
  console.log('')
  console.log(
    `${'implementation'.padEnd(36)} ${'seconds'.padStart(9)} ${'children/s'.padStart(12)} ${'per CPU s'.padStart(12)} ${'GC'.padStart(6)} ${'flags'.padStart(8)}`,
  )
  for (const row of rows) printRow(row, row.evaluations ?? n, passes)
  console.log('')
  console.log('GC: the garbage-collection pauses V8 reports (its `gc` performance entries) in the timed pass, as a share of it.')
  console.log('what each time includes (all from the linked facts in memory, except (c)):')
  for (const row of rows) console.log(`  ${row.label.padEnd(36)} ${row.includes}`)
  console.log('')

  const rate = (key: string): number => evaluationsIn(key) / get(key).seconds
  const target = (label: string, value: number, met: boolean, goal: string): void =>
    console.log(`${label.padEnd(36)} ${times(value).padStart(9)}   target ${goal}: ${met ? 'met' : 'NOT met'}`)
  target('ours / json-rules-engine', rate('ours') / rate('jre'), rate('ours') >= 100 * rate('jre'), '≥ 100×')
  if (sqlUrl !== undefined) target('ours / SQL', rate('ours') / rate('sql'), rate('ours') > rate('sql'), '> 1×')
  target('loop / ours', rate('loop') / rate('ours'), rate('loop') <= 3 * rate('ours'), '≤ 3×')
  console.log(`${'loop / json-rules-engine'.padEnd(36)} ${times(rate('loop') / rate('jre')).padStart(9)}   (the hand loop from facts: what reading the facts allows)`)
  const microsPerChild = (key: string): number => 1e6 / rate(key)
  const us = (value: number): string => `${value.toFixed(2)} µs`
  console.log(
    `${'a child: json-rules-engine / 100'.padEnd(36)} ${us(microsPerChild('jre') / 100).padStart(9)}   (what 100× leaves; the hand loop takes ${us(microsPerChild('loop'))}, ours ${us(microsPerChild('ours'))}, its values alone ${us(microsPerChild('values'))})`,
  )
  console.log(`${'loop over a compact form / loop'.padEnd(36)} ${times(rate('loop-compact') / rate('loop')).padStart(9)}   (the same aggregates from typed arrays: what reading facts kept that way costs)`)
  console.log(`${'loop in cache / loop'.padEnd(36)} ${times(rate('loop-cached') / rate('loop')).padStart(9)}   (the same loop, its facts in cache: what fetching them from memory costs)`)
  console.log(`${'ours in cache / ours'.padEnd(36)} ${times(rate('ours-cached') / rate('ours')).padStart(9)}`)
  const reducing = 1 - rate('loop') / rate('loop-aggregates')
  console.log(`${'reducing facts: share of (d)'.padEnd(36)} ${`${(100 * reducing).toFixed(0)}%`.padStart(9)}   (the loop with vs without computing its aggregates)`)
  console.log(`${'ours / (b) over aggregates'.padEnd(36)} ${times(rate('ours') / rate('jre-aggregates')).padStart(9)}   (json-rules-engine given its aggregates for free)`)
  console.log(`${'explaining: share of (a)'.padEnd(36)} ${`${(100 * (1 - rate('ours') / rate('values'))).toFixed(0)}%`.padStart(9)}   (values only vs explained)`)
  console.log('')
  console.log(`where (a) spends its time (self time, one pass over ${int(Math.min(PROFILED, n))} children; "(garbage collector)" is the`)
  console.log("profiler's count of its samples, the GC column above the pauses V8 itself reports):")
  for (const line of profile) console.log(`  ${`${(100 * line.share).toFixed(1)}%`.padStart(6)}  ${line.where}`)
  console.log('')

  let agree = true
  for (const c of checks) {
    const ok = c.diffs.length === 0
    agree &&= ok
    console.log(`${ok ? 'PASS' : 'FAIL'}  ${`same flags as ours: ${c.name}`.padEnd(52)} ${ok ? `${int(c.set.size)} children with flags` : `${int(c.diffs.length)} children differ`}`)
    for (const d of c.diffs.slice(0, 5)) console.log(`        ${d.childId}: ours [${d.expected}]  ${c.name} [${d.actual}]`)
  }
  console.log(`cores: ${cpus().length}; explained characters + evidence items read: ${int(totals.explained)}`)
  return agree
}

runScript('bench:engines', main)
