/**
 * bench:ingest — ingests a generated city into PostgreSQL, scores it, and
 * sets the ingest beside a plain COPY of the same rows: the limit, since no
 * client gets rows into the server faster. Figures, not assertions.
 *
 *   DATABASE_URL=postgres://… npm run bench:ingest -- [--children 100000] [--seed bench] [--as-of 2026-11-24] [--ingest stream|batch]
 *
 * `--ingest stream` (the default) sends the city the way the `ingest`
 * command reads a file: `ingestChunks` over 5,000-line chunks, the child
 * records first, then everything else, each in file order; `batch` hands
 * the whole city to `ingestBatch` (the API's way), which groups each fact's
 * lines and also writes child records first.
 *
 * Works in a database of its own (random name, made through DATABASE_URL),
 * dropped at the end, on failure and on Ctrl-C, so it never disturbs tests.
 */
import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import * as E from 'fp-ts/Either'
import { Client, type Connection, type Submittable } from 'pg'
import type { NumberedFact } from '../engine/batch/decode-batch'
import { decodeFactLine } from '../engine/batch/decode-line'
import { compileRuleSet } from '../engine/evaluate'
import { generateCity } from '../fixtures/city/generate-city'
import { defaultRulesDir, loadRuleSet } from '../rules-loader/load-rule-set'
import { scoreCity } from '../scoring/score-city'
import { copyField } from '../storage/database/copy-from-stdin'
import { openDatabase } from '../storage/database/open-database'
import { DEFAULT_CHUNK_SIZE } from '../storage/ingest/chunk-by-fact'
import { ingestBatch, ingestChunks } from '../storage/ingest/ingest-batch'
import { migrateToLatest } from '../storage/migrations/migrate-to-latest'
import { watchGcPauses } from './support/gc-pauses'
import { watchServerCpu, type ServerCpu } from './support/server-cpu'
import { serverVersionOf, urlWithDatabase, withClient } from './support/bench-database'
import { headerLine } from './support/report'

const { values } = parseArgs({
  options: { children: { type: 'string' }, seed: { type: 'string' }, 'as-of': { type: 'string' }, ingest: { type: 'string' } },
})
const children = Number(values.children ?? '100000')
const seed = values.seed ?? 'bench'
const asOf = values['as-of'] ?? '2026-11-24'
const ingestMode = values.ingest ?? 'stream'
const databaseUrl = process.env['DATABASE_URL'] || 'postgres://root@127.0.0.1:5432/test'
/** Rows per statement of the unnest reference insert. */
const UNNEST_ROWS = 10_000
// ---- measuring: wall time, this process's CPU, peak RSS per phase and overall

let peakRss = 0
let phasePeak = 0
const sampleMemory = (): void => {
  const rss = process.memoryUsage().rss
  peakRss = Math.max(peakRss, rss)
  phasePeak = Math.max(phasePeak, rss)
}

/** The server's side of each phase, when its processes can be read from here (`server-cpu.ts`). */
let serverCpu: ServerCpu | undefined
let refreshing = false
const sampler = setInterval(() => {
  sampleMemory()
  serverCpu?.sample()
}, 50)
const serverRefresher = setInterval(() => {
  if (serverCpu === undefined || refreshing) return
  refreshing = true
  serverCpu.refresh().catch(() => undefined).finally(() => (refreshing = false))
}, 1000)
/** The garbage collector's pauses, read per phase. */
const gcPauses = watchGcPauses()

const stopSampling = (): void => {
  gcPauses.stop()
  clearInterval(sampler)
  clearInterval(serverRefresher)
}

interface Phase {
  readonly label: string
  readonly seconds: number
  /** User + system CPU of this Node process; the rest of the wall time is mostly waiting on the server. */
  readonly cpuSeconds: number
  /** Of that, the pauses of V8's garbage collector, during which this process can send the server nothing. */
  readonly gcSeconds: number
  /** CPU of the server processes serving the bench's database; `undefined` when they cannot be read. */
  readonly serverCpuSeconds: number | undefined
  readonly peakRss: number
}
const phases: Phase[] = []

const timed = async <A>(label: string, run: () => A | Promise<A>): Promise<{ result: A; phase: Phase }> => {
  phasePeak = 0
  sampleMemory()
  await serverCpu?.refresh()
  const serverStart = serverCpu?.total()
  const cpu = process.cpuUsage()
  const from = performance.now()
  const start = process.hrtime.bigint()
  const result = await run()
  const seconds = Number(process.hrtime.bigint() - start) / 1e9
  const used = process.cpuUsage(cpu)
  const gcSeconds = await gcPauses.secondsBetween(from, performance.now())
  sampleMemory()
  await serverCpu?.refresh()
  const serverCpuSeconds = serverStart === undefined ? undefined : (serverCpu?.total() ?? serverStart) - serverStart
  const phase = { label, seconds, cpuSeconds: (used.user + used.system) / 1e6, gcSeconds, serverCpuSeconds, peakRss: phasePeak }
  phases.push(phase)
  return { result, phase }
}

// ---- the limit: COPY … FROM STDIN through pg's own client

/**
 * The part of pg's connection that the COPY IN sub-protocol needs. pg speaks
 * it (pg-copy-streams is built on these calls) but its types leave it out.
 */
interface CopyInConnection {
  query(text: string): void
  sendCopyFromChunk(chunk: Buffer): void
  endCopyFrom(): void
  sendCopyFail(message: string): void
  readonly stream: NodeJS.WritableStream & { readonly writableNeedDrain: boolean }
}


/**
 * A client.query() argument that runs `COPY … FROM STDIN` and sends the lines
 * given, in messages of ~32K characters, as ingest sends its own copies
 * (larger buffers cost page faults on this VM: storage/database/copy-from-stdin.ts).
 */
class CopyFrom implements Submittable {
  private resolve: (rows: number) => void = () => undefined
  private reject: (error: unknown) => void = () => undefined
  private rows = 0
  readonly done = new Promise<number>((resolve, reject) => {
    this.resolve = resolve
    this.reject = reject
  })

  constructor(
    private readonly text: string,
    private readonly lines: () => Iterable<string>,
  ) {}

  submit(connection: Connection): void {
    ;(connection as unknown as CopyInConnection).query(this.text)
  }

  handleCopyInResponse(connection: Connection): void {
    const copy = connection as unknown as CopyInConnection
    this.send(copy).catch((error: unknown) => copy.sendCopyFail(error instanceof Error ? error.message : 'copy source failed'))
  }

  private async send(copy: CopyInConnection): Promise<void> {
    let buffered: string[] = []
    let size = 0
    for (const line of this.lines()) {
      buffered.push(line)
      size += line.length
      if (size < 32 * 1024) continue
      copy.sendCopyFromChunk(Buffer.from(buffered.join(''), 'utf8'))
      buffered = []
      size = 0
      if (copy.stream.writableNeedDrain) await once(copy.stream, 'drain')
    }
    if (buffered.length > 0) copy.sendCopyFromChunk(Buffer.from(buffered.join(''), 'utf8'))
    copy.endCopyFrom()
  }

  handleCommandComplete(message: { readonly text?: string }): void {
    this.rows = Number(message.text?.split(' ')[1] ?? '0')
  }

  handleError(error: unknown): void {
    this.reject(error)
  }

  handleReadyForQuery(): void {
    this.resolve(this.rows)
  }
}

/** content as fact_version stores it (json: the text kept as given), so the limit pays for what ingest must. */
const LIMIT_COLUMNS = 'source text NOT NULL, source_id text NOT NULL, kind text NOT NULL, recorded_at timestamptz NOT NULL, content json NOT NULL'

function* copyLines(city: readonly NumberedFact[]): Generator<string> {
  for (const { fact } of city) {
    const fields = [fact.source, fact.sourceId, fact.kind, fact.recordedAt, JSON.stringify(fact)]
    yield `${fields.map(copyField).join('\t')}\n`
  }
}

/** The same rows by the best plain INSERT: parallel arrays, `UNNEST_ROWS` rows a statement. */
const insertByUnnest = async (client: Client, city: readonly NumberedFact[]): Promise<void> => {
  for (let from = 0; from < city.length; from += UNNEST_ROWS) {
    const facts = city.slice(from, from + UNNEST_ROWS).map((n) => n.fact)
    await client.query(
      `INSERT INTO unnest_reference SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::json[])`,
      [facts.map((f) => f.source), facts.map((f) => f.sourceId), facts.map((f) => f.kind), facts.map((f) => f.recordedAt), facts.map((f) => JSON.stringify(f))],
    )
  }
}

// ---- where it runs: a database of its own, else a schema of its own

/**
 * Ingest takes an advisory lock, and advisory locks are per database, not per
 * schema: in the tests' database the bench would hold up every test that
 * ingests for minutes. So it makes a database of its own when the role may,
 * and falls back to a schema of its own (and says so) when it may not. Either
 * has a random name and is dropped at the end, on failure and on Ctrl-C.
 */
interface Workspace {
  /** Where the bench's connections go, and their schema. */
  readonly url: string
  readonly schema: string
  /** The database when it is the bench's own (so its server processes are all the bench's). */
  readonly database: string | undefined
  readonly description: string
  /** Drops it, ending any connection of ours still in it. */
  drop(): Promise<void>
}

const openWorkspace = async (adminUrl: string): Promise<Workspace> => {
  const name = `ew_bench_${randomBytes(6).toString('hex')}`
  const created = await withClient(adminUrl, async (admin) => {
    try {
      await admin.query(`CREATE DATABASE ${name}`)
      return true
    } catch (error) {
      if ((error as { code?: unknown }).code === '42501') return false
      throw error
    }
  })
  if (created) {
    const url = urlWithDatabase(adminUrl, name)
    const drop = (): Promise<void> =>
      withClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined)
    await withClient(url, (c) => c.query(`CREATE SCHEMA ${name}`)).catch(async (error: unknown) => {
      await drop()
      throw error
    })
    return { url, schema: name, database: name, description: `database ${name}`, drop }
  }
  process.stderr.write(`bench:ingest: may not create a database; using schema ${name}: tests that ingest on this database will wait\n`)
  await withClient(adminUrl, (c) => c.query(`CREATE SCHEMA ${name}`))
  return {
    url: adminUrl,
    schema: name,
    database: undefined,
    description: `schema ${name}`,
    // After Ctrl-C the ingest transaction may still hold locks there: end the
    // backends holding locks on its tables (only ours: the name is random) first.
    drop: () =>
      withClient(adminUrl, async (c) => {
        await c.query(
          `SELECT pg_terminate_backend(pid) FROM (SELECT DISTINCT l.pid FROM pg_locks l JOIN pg_class r ON r.oid = l.relation
            WHERE r.relnamespace = to_regnamespace($1) AND l.pid <> pg_backend_pid()) AS ours`,
          [name],
        )
        await c.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`)
      }),
  }
}

// ---- the run

function* chunksOf(city: readonly NumberedFact[], size: number): Generator<readonly NumberedFact[]> {
  for (let from = 0; from < city.length; from += size) yield city.slice(from, from + size)
}

/** As cli/commands/ingest reads a file: its child records, then (reading it again) the rest, each in file order. */
function* asTheCliReadsIt(city: readonly NumberedFact[], size: number): Generator<readonly NumberedFact[]> {
  yield* chunksOf(city.filter((f) => f.fact.kind === 'child'), size)
  yield* chunksOf(city.filter((f) => f.fact.kind !== 'child'), size)
}

const main = async (): Promise<void> => {
  if (!Number.isSafeInteger(children) || children < 1) throw new RangeError('--children must be a whole number from 1')
  if (ingestMode !== 'stream' && ingestMode !== 'batch') throw new RangeError('--ingest must be stream or batch')
  const ruleSet = loadRuleSet(defaultRulesDir())
  if (E.isLeft(ruleSet)) throw new Error('the default rule set does not load')
  const compiled = compileRuleSet(ruleSet.right)
  // Fails fast, before minutes of generating, when the server is not there.
  const serverVersion = await withClient(databaseUrl, serverVersionOf)

  // Decoded up front and kept, so that ingest and COPY see the same rows and neither pays for generating them.
  let decodeSeconds = 0
  const decoded = await timed('generate + decode', () => {
    const city: NumberedFact[] = []
    for (const text of generateCity({ children, seed, referenceDate: asOf })) {
      const line = city.length + 1
      // The CLI pays for decoding too (ingest reads NDJSON); it is timed on its own, apart from generating.
      const decodeStart = process.hrtime.bigint()
      const fact = decodeFactLine(text, line)
      decodeSeconds += Number(process.hrtime.bigint() - decodeStart) / 1e9
      if (E.isLeft(fact)) throw new Error(`generated line ${line} does not decode`)
      city.push({ line, fact: fact.right })
      // The loop never yields to the timer, so it samples memory itself.
      if (line % 10_000 === 0) sampleMemory()
    }
    return city
  })
  const city = decoded.result

  const workspace = await openWorkspace(databaseUrl)
  const opened = await openDatabase({ databaseUrl: workspace.url, schema: workspace.schema })
  const copyClient = new Client({ connectionString: workspace.url, options: `-c search_path=${workspace.schema}` })
  copyClient.on('error', () => undefined)
  let dropped: Promise<void> | undefined
  const dropWorkspace = (): Promise<void> =>
    (dropped ??= (async () => {
      await copyClient.end().catch(() => undefined)
      await opened.close().catch(() => undefined)
      await workspace.drop().catch(() => {
        process.stderr.write(`bench:ingest: could not drop ${workspace.description}; drop it by hand\n`)
      })
    })())
  const interrupted = (): void => {
    process.stderr.write(`\ninterrupted: dropping ${workspace.description}\n`)
    // Our connections die as it goes; their errors are expected now.
    process.on('uncaughtException', () => undefined)
    void workspace.drop().finally(() => process.exit(130))
  }
  process.once('SIGINT', interrupted)
  process.once('SIGTERM', interrupted)

  try {
    const migrated = await migrateToLatest(opened.db)
    if (E.isLeft(migrated)) throw new Error(`migration failed: ${migrated.left.message}`)
    await copyClient.connect()
    if (workspace.database !== undefined) serverCpu = await watchServerCpu(copyClient, workspace.database)

    const options = { receivedAt: new Date().toISOString(), label: 'bench:ingest' }
    const ingest =
      ingestMode === 'batch'
        ? await timed('ingest (ingestBatch)', () => ingestBatch(opened.db, city, options))
        : await timed('ingest (ingestChunks)', () => ingestChunks(opened.db, asTheCliReadsIt(city, DEFAULT_CHUNK_SIZE), options))
    if (E.isLeft(ingest.result)) throw new Error(`the city was refused: ${ingest.result.left.map((e) => e.message).join('; ')}`)
    const counts = ingest.result.right.counts

    const score = await timed('score (scoreCity)', () =>
      scoreCity(opened.db, ruleSet.right, compiled, { asOf, evaluatedAt: new Date().toISOString() }),
    )

    await copyClient.query(`CREATE TABLE copy_limit (${LIMIT_COLUMNS}); CREATE TABLE unnest_reference (${LIMIT_COLUMNS})`)
    const copy = await timed('limit: COPY FROM STDIN', async () => {
      await copyClient.query('BEGIN')
      const rows = await copyClient.query(new CopyFrom('COPY copy_limit FROM STDIN', () => copyLines(city))).done
      await copyClient.query('COMMIT')
      return rows
    })
    if (copy.result !== city.length) throw new Error(`COPY stored ${copy.result} rows of ${city.length}`)
    const unnest = await timed('reference: INSERT unnest', async () => {
      await copyClient.query('BEGIN')
      await insertByUnnest(copyClient, city)
      await copyClient.query('COMMIT')
    })

    const sizes = await copyClient.query<{ fact_version: string; copy_limit: string }>(
      `SELECT pg_total_relation_size('fact_version') AS fact_version, pg_total_relation_size('copy_limit') AS copy_limit`,
    )
    report({
      lines: city.length,
      facts: counts.inserted,
      counts: Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', '),
      scored: score.result.children,
      raised: score.result.raised,
      postgres: serverVersion,
      workspace: workspace.description,
      decode: decoded.phase,
      decodeSeconds,
      ingest: ingest.phase,
      score: score.phase,
      copy: copy.phase,
      unnest: unnest.phase,
      factVersionMb: Number(sizes.rows[0]?.fact_version ?? 0) / 1024 / 1024,
      copyLimitMb: Number(sizes.rows[0]?.copy_limit ?? 0) / 1024 / 1024,
    })
  } finally {
    stopSampling()
    serverCpu = undefined
    await dropWorkspace()
    process.removeListener('SIGINT', interrupted)
    process.removeListener('SIGTERM', interrupted)
  }
}

interface Figures {
  readonly lines: number
  readonly facts: number
  readonly counts: string
  readonly scored: number
  readonly raised: number
  readonly postgres: string
  readonly workspace: string
  readonly decode: Phase
  /** Of the generate + decode phase, the seconds spent decoding lines. */
  readonly decodeSeconds: number
  readonly ingest: Phase
  readonly score: Phase
  readonly copy: Phase
  readonly unnest: Phase
  readonly factVersionMb: number
  readonly copyLimitMb: number
}

const report = (f: Figures): void => {
  const n = (x: number): string => Math.round(x).toLocaleString('en-GB')
  const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(0)
  const row = (label: string, value: string): void => console.log(`${label.padEnd(34)} ${value}`)
  const pct = (share: number): string => `${(100 * share).toFixed(0)}%`
  console.log(
    headerLine('bench:ingest', `${n(children)} children, ${n(f.lines)} lines, as of ${asOf}, seed ${seed}, in ${f.workspace} (dropped after)`, f.postgres),
  )
  console.log(
    `${'phase'.padEnd(34)} ${'seconds'.padStart(8)} ${'Node CPU s'.padStart(11)} ${'of it GC'.padStart(9)} ${'server CPU s'.padStart(13)} ${'peak RSS MB'.padStart(12)}`,
  )
  for (const p of phases) {
    const serverCpu = p.serverCpuSeconds === undefined ? '-' : p.serverCpuSeconds.toFixed(2)
    console.log(
      `${p.label.padEnd(34)} ${p.seconds.toFixed(2).padStart(8)} ${p.cpuSeconds.toFixed(2).padStart(11)} ${p.gcSeconds.toFixed(2).padStart(9)} ${serverCpu.padStart(13)} ${mb(p.peakRss).padStart(12)}`,
    )
  }
  console.log('')
  row('ingest: counts', f.counts)
  row('total: generate to scored (s)', (f.decode.seconds + f.ingest.seconds + f.score.seconds).toFixed(2))
  row('decode: lines per second', `${n(f.lines / f.decodeSeconds)} (${f.decodeSeconds.toFixed(2)} s of generate + decode)`)
  row('ingest + score (s)', (f.ingest.seconds + f.score.seconds).toFixed(2))
  row('ingest: facts per second', n(f.facts / f.ingest.seconds))
  row('ingest: lines per second', n(f.lines / f.ingest.seconds))
  if (f.ingest.serverCpuSeconds !== undefined) {
    // One transaction on one connection: the server's CPU short of the wall time is mostly time it waited for Node.
    const busy = f.ingest.serverCpuSeconds / f.ingest.seconds
    row('ingest: server busy', `${pct(busy)} of the wall time; Node's CPU ${pct(f.ingest.cpuSeconds / f.ingest.seconds)}, its GC pauses ${pct(f.ingest.gcSeconds / f.ingest.seconds)}`)
  }
  row('score: children per second', `${n(f.scored / f.score.seconds)} (${n(f.scored)} children, ${n(f.raised)} flags raised)`)
  row('COPY: lines per second', n(f.lines / f.copy.seconds))
  row('ingest / COPY (time)', `${(f.ingest.seconds / f.copy.seconds).toFixed(1)}x`)
  row('(ingest + score) / COPY (time)', `${((f.ingest.seconds + f.score.seconds) / f.copy.seconds).toFixed(1)}x`)
  row('unnest INSERT / COPY (time)', `${(f.unnest.seconds / f.copy.seconds).toFixed(1)}x`)
  row('fact_version / COPY table (MB)', `${f.factVersionMb.toFixed(0)} / ${f.copyLimitMb.toFixed(0)} (with indexes)`)
  row('peak RSS, whole run (MB)', mb(peakRss))
  console.log('')
  console.log("Node CPU s: this process's user + system CPU; of it GC: the garbage collector's pauses (V8's `gc` entries), when it sends nothing.")
  console.log('COPY: one `COPY … FROM STDIN` (text format) in one transaction into a plain logged table without indexes,')
  console.log('      columns source, source_id, kind, recorded_at, content json (as fact_version); its time includes building the text in Node.')
  console.log(`unnest: the same rows by INSERT … SELECT FROM unnest(arrays), ${n(UNNEST_ROWS)} rows a statement, one transaction.`)
}

main().catch((error: unknown) => {
  stopSampling()
  // A usage error says what to change; anything else is a bug or the server, and the stack helps.
  const text = error instanceof RangeError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)
  process.stderr.write(`bench:ingest failed: ${text}\n`)
  process.exitCode = 1
})
