/**
 * bench:memory — does scoring's memory stay flat as the city grows (issue 5:
 * peak RSS ≤ 512 MB, and no more for 300,000 children than for 100,000)?
 *
 *   DATABASE_URL=postgres://root@127.0.0.1:5432/test \
 *     npm run bench:memory -- [--sizes 10000,100000,300000] [--seed bench] [--as-of 2026-11-24]
 *
 * For each size, a generated city goes into a database of its own
 * (`ew_mem_<random>`, all dropped at the end, on failure and on Ctrl-C)
 * through the real ingest (`ingestChunks`, 5,000-line chunks as a
 * file is read), in a child process of its own; then the production command,
 * `node dist/cli/main.js score --as-of D`, scores it in another. Each child's
 * peak RSS is its kernel high-water mark (VmHWM in /proc/<pid>/status, read
 * every 100 ms until it exits), so nothing of this process is counted.
 * Build first (`npm run build`).
 *
 * Prints size × peak RSS × seconds for ingest and for scoring, the cores and
 * the load, and whether scoring's memory is flat: every peak ≤ 512 MB, and the
 * largest size's peak within 10% of the 100,000 one's (of the smallest size
 * above 10,000 otherwise). Exits 1 when that fails or a run scores the wrong
 * number of children. Ingesting is most of the time: 10k takes about a
 * minute, 100k ten, 300k half an hour on a busy 2-core machine (scoring is a
 * few per cent of it); `--sizes 10000,100000` for a quicker look.
 *
 * `--ingest-only N` (with DATABASE_URL pointing at the database) is the
 * ingest child itself: it streams the generated city into the database and
 * prints its counts as one JSON line.
 */
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import * as E from 'fp-ts/Either'
import { CLI_NODE_FLAGS } from '../cli/node-flags'
import { openDatabase } from '../storage/database/open-database'
import { ingestChunks } from '../storage/ingest/ingest-batch'
import { DEFAULT_ADMIN_URL, openBenchDatabase } from './support/bench-database'
import { decodedChunks } from './support/city'
import { runScript } from './support/cleanup'
import { check, headerLine, parseWholeNumber, printChecks, type Check } from './support/report'
import { projectRoot } from './support/server-process'

const LIMIT_MB = 512
/** How far above the 100k peak the largest size's peak may be and still count as flat. */
const FLAT_WITHIN = 0.1
const SAMPLE_MS = 100

const { values } = parseArgs({
  options: {
    sizes: { type: 'string' },
    seed: { type: 'string' },
    'as-of': { type: 'string' },
    'ingest-only': { type: 'string' },
  },
})
const seed = values.seed ?? 'bench'
const asOf = values['as-of'] ?? '2026-11-24'

// ---- the ingest child: the generated city, decoded and sent a chunk at a time

const ingestOnly = async (children: number): Promise<void> => {
  const opened = await openDatabase({ databaseUrl: process.env['DATABASE_URL'] ?? DEFAULT_ADMIN_URL })
  try {
    const result = await ingestChunks(opened.db, decodedChunks({ children, seed, referenceDate: asOf }), { receivedAt: new Date().toISOString(), label: 'bench:memory' })
    if (E.isLeft(result)) throw new Error(`the generated city was refused (${result.left.length} errors)`)
    process.stdout.write(`${JSON.stringify(result.right.counts)}\n`)
  } finally {
    await opened.close()
  }
}

// ---- a child process, measured from outside

interface Measured {
  readonly code: number | null
  readonly seconds: number
  /** Kernel high-water mark of the process's RSS, MB. */
  readonly peakMb: number
  readonly stdout: string
  readonly stderr: string
}

const kbOf = (status: string, field: string): number | undefined => {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)
  return m === null ? undefined : Number(m[1])
}

const measure = (args: readonly string[], databaseUrl: string): Promise<Measured> =>
  new Promise((resolve, reject) => {
    const started = process.hrtime.bigint()
    // As the executable runs (its #! line), whether scoring by the CLI or ingesting in this script.
    const child = spawn(process.execPath, [...CLI_NODE_FLAGS, ...args], {
      cwd: projectRoot(),
      env: { PATH: process.env['PATH'] ?? '', DATABASE_URL: databaseUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)))
    let peakKb = 0
    const sample = (): void => {
      try {
        peakKb = Math.max(peakKb, kbOf(readFileSync(`/proc/${child.pid}/status`, 'utf8'), 'VmHWM') ?? 0)
      } catch {
        // Gone between samples: the last one stands.
      }
    }
    const sampler = setInterval(sample, SAMPLE_MS)
    child.on('error', (error) => {
      clearInterval(sampler)
      reject(error)
    })
    // 'exit' comes before the process is reaped, so its status is still readable once more.
    child.on('exit', (code) => {
      sample()
      clearInterval(sampler)
      const seconds = Number(process.hrtime.bigint() - started) / 1e9
      child.on('close', () => resolve({ code, seconds, peakMb: peakKb / 1024, stdout, stderr }))
    })
  })

// ---- the run

interface SizeFigures {
  readonly children: number
  readonly postgres: string
  readonly ingest: Measured
  readonly score: Measured
  readonly scored: number | undefined
}

const runSize = async (children: number, adminUrl: string, say: (line: string) => void): Promise<SizeFigures> => {
  const database = await openBenchDatabase(adminUrl, 'ew_mem')
  say(`${children} children: ingesting into ${database.name}…`)
  const ingest = await measure([__filename, '--ingest-only', String(children), '--seed', seed, '--as-of', asOf], database.url)
  if (ingest.code !== 0) throw new Error(`ingest failed (exit ${ingest.code}): ${ingest.stderr.trim()}`)
  say(`${children} children: ingested in ${ingest.seconds.toFixed(1)} s; scoring…`)
  const score = await measure([join(projectRoot(), 'dist', 'cli', 'main.js'), 'score', '--as-of', asOf], database.url)
  if (score.code !== 0) throw new Error(`score failed (exit ${score.code}): ${score.stderr.trim()}`)
  say(`${children} children: scored in ${score.seconds.toFixed(1)} s`)
  const scored = /scored (\d+) child/.exec(score.stdout)
  return { children, postgres: database.serverVersion, ingest, score, scored: scored === null ? undefined : Number(scored[1]) }
}

const parseSizes = (text: string | undefined): readonly number[] => {
  const sizes = (text ?? '10000,100000,300000').split(',').map((s) => parseWholeNumber('sizes', s.trim(), 0))
  if (sizes.length === 0 || sizes.some((n) => n < 1)) throw new RangeError('--sizes must be whole numbers from 1, separated by commas')
  return [...sizes].sort((a, b) => a - b)
}

const flatness = (figures: readonly SizeFigures[]): Check | undefined => {
  const largest = figures[figures.length - 1]
  const base = figures.find((f) => f.children === 100_000) ?? figures.find((f) => f.children > 10_000 && f !== largest)
  if (largest === undefined || base === undefined || base === largest) return undefined
  const growth = largest.score.peakMb / base.score.peakMb - 1
  return check(
    `scoring peak at ${largest.children} within ${FLAT_WITHIN * 100}% of ${base.children}`,
    growth <= FLAT_WITHIN,
    `${largest.score.peakMb.toFixed(0)} MB vs ${base.score.peakMb.toFixed(0)} MB (${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(1)}%)`,
  )
}

const main = async (): Promise<boolean> => {
  const sizes = parseSizes(values.sizes)
  const adminUrl = process.env['DATABASE_URL'] || DEFAULT_ADMIN_URL
  const say = (line: string): void => void process.stderr.write(`${line}\n`)
  const started = process.hrtime.bigint()
  const figures: SizeFigures[] = []
  for (const children of sizes) figures.push(await runSize(children, adminUrl, say))

  console.log(headerLine('bench:memory', `sizes ${sizes.join(', ')}, as of ${asOf}, seed ${seed}`, figures[0]?.postgres))
  console.log(
    `${'children'.padStart(9)} ${'ingest s'.padStart(9)} ${'ingest peak MB'.padStart(15)} ${'score s'.padStart(8)} ` +
      `${'score peak MB'.padStart(14)} ${'children/s'.padStart(11)}`,
  )
  for (const f of figures) {
    console.log(
      `${String(f.children).padStart(9)} ${f.ingest.seconds.toFixed(1).padStart(9)} ${f.ingest.peakMb.toFixed(0).padStart(15)} ` +
        `${f.score.seconds.toFixed(1).padStart(8)} ${f.score.peakMb.toFixed(0).padStart(14)} ` +
        `${Math.round(f.children / f.score.seconds).toString().padStart(11)}`,
    )
  }
  console.log(`whole run ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(0)} s; score s is the whole command (start, migrate check, score, exit)`)
  console.log('')
  const checks: Check[] = [
    ...figures.map((f) => check(`${f.children}: every child scored`, f.scored === f.children, `${f.scored ?? 'none'} scored`)),
    ...figures.map((f) => check(`${f.children}: scoring peak RSS ≤ ${LIMIT_MB} MB`, f.score.peakMb <= LIMIT_MB, `${f.score.peakMb.toFixed(0)} MB`)),
  ]
  const flat = flatness(figures)
  if (flat !== undefined) checks.push(flat)
  return printChecks(checks)
}

const ingestChildren = values['ingest-only']
if (ingestChildren !== undefined) {
  ingestOnly(parseWholeNumber('ingest-only', ingestChildren, 0)).catch((error: unknown) => {
    process.stderr.write(`bench:memory ingest: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
    process.exitCode = 1
  })
} else {
  runScript('bench:memory', main)
}
