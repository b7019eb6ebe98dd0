/**
 * RELIABILITY R3: duplicate and concurrent delivery.
 *
 *   npm run fault:concurrent-delivery -- [--batches 1000] [--children 1500] [--clients 8] [--seed r3]
 *
 * A generated city (corrections, withdrawals, re-sends and out-of-order
 * versions included) is shuffled line by line and cut into small batches,
 * so a fact's versions travel in different batches. Each batch is delivered
 * 1 to 5 times, all deliveries in random order, by 8 concurrent clients,
 * each delivery through storage (`ingestBatch`, then scoring, as the CLI
 * does) or `POST /facts` (the production app, `inject`). SPEC §2 makes the
 * current version the one with the latest `recordedAt`, whatever the order
 * of arrival, so the final state must equal one in-order delivery.
 *
 * Checks: no delivery fails (no unique violation, no 5xx); at most one
 * delivery of a batch changes anything, and every other one answers all
 * lines unchanged or superseded; the current version of every fact is the
 * engine's (`currentVersions` over all lines: 0 lost corrections or
 * withdrawals, 0 duplicate current facts); current facts, children,
 * identifiers, flags and scores equal a single in-order delivery into a
 * second database. In a private cluster.
 */
import * as E from 'fp-ts/Either'
import { sql, type Kysely } from 'kysely'
import { decodeBatch, type NumberedFact } from '../../engine/batch/decode-batch'
import { decodeFactLine } from '../../engine/batch/decode-line'
import { compileRuleSet } from '../../engine/evaluate'
import { factKey, type FactVersion } from '../../engine/facts/fact'
import { londonDate } from '../../engine/time/london'
import { contentJson, currentVersions } from '../../engine/versions/current-version'
import { generateCity } from '../../fixtures/city/generate-city'
import { seededRng, type Rng } from '../../fixtures/city/prng'
import { scoreChildren } from '../../scoring/score-children'
import type { Database } from '../../storage/database/database'
import { openDatabase } from '../../storage/database/open-database'
import type { IngestCounts } from '../../storage/ingest/ingest-counts'
import { ingestBatch } from '../../storage/ingest/ingest-batch'
import { migrateToLatest } from '../../storage/migrations/migrate-to-latest'
import { REFERENCE_DATE } from './support/kill-trials'
import { startPrivateCluster, type PrivateCluster } from './support/private-cluster'
import { Invariants, numberOption, printFigures, seconds, stringOption } from './support/report'
import { differingParts, stateDigest, type StateDigest } from './support/state-digest'
import { shippedRules, storedApp, type StoredApp } from './support/stored-app'

interface Batch {
  readonly lines: readonly string[]
  readonly facts: readonly NumberedFact[]
}

interface Delivery {
  readonly batch: number
  readonly via: 'storage' | 'api'
}

interface Delivered extends Delivery {
  readonly counts?: IngestCounts
  /** SQLSTATE or HTTP status of a failed delivery. */
  readonly failure?: string
  readonly ms: number
}

const shuffled = <A>(rng: Rng, items: readonly A[]): A[] => {
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1))
    const a = out[i] as A
    out[i] = out[j] as A
    out[j] = a
  }
  return out
}

/** Exactly `count` batches of nearly equal size (fewer only when there are fewer lines). */
const batchesOf = (lines: readonly string[], count: number): Batch[] => {
  const n = Math.min(count, lines.length)
  return Array.from({ length: n }, (_, b) => {
    const slice = lines.slice(Math.floor((b * lines.length) / n), Math.floor(((b + 1) * lines.length) / n))
    const decoded = decodeBatch(slice)
    if (E.isLeft(decoded)) throw new Error('the generated city has a bad line')
    return { lines: slice, facts: decoded.right }
  })
}

const openMigrated = async (cluster: PrivateCluster, name: string): Promise<Kysely<Database>> => {
  await cluster.createDatabase(name)
  const { db } = await openDatabase({ databaseUrl: cluster.url(name), onPoolError: () => undefined })
  const migrated = await migrateToLatest(db)
  if (E.isLeft(migrated)) throw new Error(`migration failed: ${migrated.left.message}`)
  return db
}

const codeOf = (error: unknown): string => String((error as { code?: unknown } | null)?.code ?? (error as Error)?.name ?? 'error')

const compiled = compileRuleSet(shippedRules())

/** One delivery the way the CLI does it: the batch, then scoring of what it changed. */
const deliverToStorage = async (db: Kysely<Database>, batch: Batch): Promise<IngestCounts> => {
  const now = new Date()
  const result = await ingestBatch(db, batch.facts, { receivedAt: now.toISOString(), label: 'r3' })
  if (E.isLeft(result)) throw Object.assign(new Error('refused'), { code: 'refused' })
  await scoreChildren(db, compiled, result.right.changedChildIds, { asOf: londonDate(now.getTime()), evaluatedAt: now.toISOString() })
  return result.right.counts
}

const deliverToApi = async (api: StoredApp, batch: Batch): Promise<IngestCounts> => {
  const res = await api.app.inject({
    method: 'POST',
    url: '/facts',
    payload: `${batch.lines.join('\n')}\n`,
    headers: { authorization: api.authorization('ingest'), 'content-type': 'application/x-ndjson' },
  })
  if (res.statusCode !== 200) throw Object.assign(new Error('status'), { code: `HTTP ${res.statusCode}` })
  return res.json<IngestCounts>()
}

const deliverAll = async (db: Kysely<Database>, api: StoredApp, batches: readonly Batch[], deliveries: readonly Delivery[], clients: number): Promise<Delivered[]> => {
  const done: Delivered[] = []
  let next = 0
  const client = async (): Promise<void> => {
    for (let i = next++; i < deliveries.length; i = next++) {
      const d = deliveries[i] as Delivery
      const batch = batches[d.batch] as Batch
      const started = performance.now()
      try {
        const counts = d.via === 'storage' ? await deliverToStorage(db, batch) : await deliverToApi(api, batch)
        done.push({ ...d, counts, ms: performance.now() - started })
      } catch (error) {
        done.push({ ...d, failure: codeOf(error), ms: performance.now() - started })
      }
    }
  }
  await Promise.all(Array.from({ length: clients }, client))
  return done
}

/** Facts whose stored current version is not the engine's, split by whether the fact had a later version at all. */
const compareWithEngine = async (db: Kysely<Database>, lines: readonly string[]) => {
  const versions: FactVersion[] = []
  lines.forEach((line, i) => {
    const decoded = decodeFactLine(line, i + 1)
    if (E.isRight(decoded)) versions.push(decoded.right)
  })
  const distinctContents = new Map<string, Set<string>>()
  for (const v of versions) distinctContents.set(factKey(v), (distinctContents.get(factKey(v)) ?? new Set()).add(contentJson(v)))
  const expected = currentVersions(versions)
  const { rows } = await sql<{ source: string; source_id: string; content: FactVersion }>`
    SELECT source, source_id, content FROM fact_version WHERE is_current
  `.execute(db)
  const stored = new Map<string, FactVersion[]>()
  for (const r of rows) {
    const key = factKey(r.content)
    stored.set(key, [...(stored.get(key) ?? []), r.content])
  }
  let duplicates = 0
  let missing = 0
  let lostCorrections = 0
  let wrongCurrent = 0
  for (const [key, version] of expected) {
    const held = stored.get(key) ?? []
    if (held.length > 1) duplicates += 1
    if (held.length === 0) missing += 1
    else if (held.some((h) => contentJson(h) !== contentJson(version))) {
      wrongCurrent += 1
      if ((distinctContents.get(key)?.size ?? 0) > 1) lostCorrections += 1
    }
  }
  const corrected = [...distinctContents.values()].filter((s) => s.size > 1).length
  const withdrawals = [...expected.values()].filter((v) => v.withdrawn === true).length
  return { facts: expected.size, corrected, withdrawals, duplicates, missing, wrongCurrent, lostCorrections, extra: [...stored.keys()].filter((k) => !expected.has(k)).length }
}

const changed = (c: IngestCounts): number => c.inserted + c.corrected + c.withdrawn

const main = async (): Promise<void> => {
  const args = process.argv.slice(2)
  const batchCount = numberOption(args, 'batches', 1000)
  const children = numberOption(args, 'children', 1500)
  const clients = numberOption(args, 'clients', 8)
  const seed = stringOption(args, 'seed', 'r3')
  const rng = seededRng(seed)
  const lines = shuffled(rng, [...generateCity({ children, seed, referenceDate: REFERENCE_DATE })])
  const batches = batchesOf(lines, batchCount)
  const deliveries: Delivery[] = shuffled(
    rng,
    batches.flatMap((_, batch) => Array.from({ length: 1 + Math.floor(rng() * 5) }, () => ({ batch, via: rng() < 0.5 ? ('storage' as const) : ('api' as const) }))),
  )

  const cluster = await startPrivateCluster()
  try {
    const db = await openMigrated(cluster, 'ew_r3_concurrent')
    const api = await storedApp(db)
    const started = performance.now()
    const delivered = await deliverAll(db, api, batches, deliveries, clients)
    const concurrentMs = performance.now() - started
    await api.app.close()

    const inOrder = await openMigrated(cluster, 'ew_r3_in_order')
    const orderStarted = performance.now()
    for (const batch of batches) await deliverToStorage(inOrder, batch)
    const inOrderMs = performance.now() - orderStarted
    await inOrder.destroy()

    const engine = await compareWithEngine(db, lines)
    const history = await sql<{ n: string }>`SELECT count(*)::text AS n FROM fact_version`.execute(db)
    await db.destroy()
    const concurrentDigest: StateDigest = await stateDigest(cluster.url('ew_r3_concurrent'))
    const inOrderDigest: StateDigest = await stateDigest(cluster.url('ew_r3_in_order'))
    const differing = differingParts(concurrentDigest, inOrderDigest, ['currentFacts', 'children', 'identifiers', 'flags', 'scores'])

    const failures = delivered.filter((d) => d.failure !== undefined)
    const failureCodes = [...new Set(failures.map((d) => d.failure))].join(', ') || 'none'
    const byBatch = new Map<number, Delivered[]>()
    for (const d of delivered) byBatch.set(d.batch, [...(byBatch.get(d.batch) ?? []), d])
    let resends = 0
    let resendsUnchanged = 0
    let batchesChangedTwice = 0
    for (const [batch, ds] of byBatch) {
      const ok = ds.filter((d) => d.counts !== undefined)
      const changing = ok.filter((d) => changed(d.counts as IngestCounts) > 0)
      if (changing.length > 1) batchesChangedTwice += 1
      const lineCount = batches[batch]?.facts.length ?? 0
      const rest = ok.filter((d) => d !== (changing[0] ?? ok[0]))
      resends += rest.length
      resendsUnchanged += rest.filter((d) => {
        const c = d.counts as IngestCounts
        return changed(c) === 0 && c.unchanged + c.superseded === lineCount
      }).length
    }

    const invariants = new Invariants()
    invariants.check(failures.length === 0, `${failures.length} deliveries failed (${failureCodes})`)
    invariants.check(!failures.some((d) => d.failure === '23505'), 'a unique violation reached the client')
    invariants.check(batchesChangedTwice === 0, `${batchesChangedTwice} batches changed the state on more than one delivery`)
    invariants.check(resends === resendsUnchanged, `${resends - resendsUnchanged} re-sends did not answer unchanged/superseded for every line`)
    invariants.check(engine.duplicates === 0 && engine.extra === 0, `${engine.duplicates} facts with two current versions, ${engine.extra} unexpected facts`)
    invariants.check(engine.missing === 0 && engine.wrongCurrent === 0, `${engine.missing} facts missing, ${engine.wrongCurrent} with the wrong current version`)
    invariants.check(differing.length === 0, `the state differs from one in-order delivery in: ${differing.join(', ')}`)

    printFigures('R3 duplicate and concurrent delivery', `${lines.length} lines in ${batches.length} batches, ${delivered.length} deliveries by ${clients} clients`, [
      ['deliveries (storage / POST /facts)', `${delivered.length} (${delivered.filter((d) => d.via === 'storage').length} / ${delivered.filter((d) => d.via === 'api').length})`],
      ['concurrent run / in-order run', `${seconds(concurrentMs)} / ${seconds(inOrderMs)}`],
      ['failed deliveries (codes)', `${failures.length} (${failureCodes})`],
      ['re-sends answered unchanged', `${resendsUnchanged}/${resends}`],
      ['batches that changed state twice', batchesChangedTwice],
      ['facts (with a correction / withdrawn)', `${engine.facts} (${engine.corrected} / ${engine.withdrawals})`],
      ['duplicate current facts', engine.duplicates],
      ['lost corrections or withdrawals', engine.lostCorrections],
      ['wrong or missing current version', engine.wrongCurrent + engine.missing],
      ['versions held (history), concurrent / in-order', `${history.rows[0]?.n ?? '?'} / ${inOrderDigest.facts.split(':')[0] ?? '?'}`],
      ['parts differing from in-order delivery', differing.length === 0 ? 'none' : differing.join(', ')],
    ])
    invariants.finish(`${delivered.length} deliveries, ${engine.duplicates} duplicate facts, ${engine.lostCorrections} lost corrections`)
  } finally {
    await cluster.destroy()
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`concurrent-delivery: ${(error as Error).stack ?? String(error)}\n`)
  process.exitCode = 2
})
