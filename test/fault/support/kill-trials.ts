/**
 * The shape of RELIABILITY R1 and R2: one big batch, ingested by the
 * `early-warning ingest` command into a private cluster, interrupted at a
 * moment drawn uniformly over a clean run's duration, then checked:
 *
 * 1. all or none: the batch's facts are all stored or none are, and no
 *    ingest run is left half-done;
 * 2. a re-send completes it, and facts, children and identifiers then equal
 *    a clean run's (digest);
 * 3. flags equal a clean run's after the re-send, or, when the interruption
 *    fell after the commit (during scoring), after `early-warning score`.
 *
 * Each trial works in a fresh database of the cluster, dropped afterwards.
 * What interrupts the run (stopping the server, killing the process) is the
 * caller's `interrupt`.
 */
import { createWriteStream } from 'node:fs'
import { once } from 'node:events'
import { join } from 'node:path'
import { generateCity } from '../../../fixtures/city/generate-city'
import { seededRng, type Rng } from '../../../fixtures/city/prng'
import { runCli, spawnCli, type CliExit, type RunningCli } from './cli-process'
import type { PrivateCluster } from './private-cluster'
import { batchRows, DATA_PARTS, differingParts, FLAG_PARTS, stateDigest, type StateDigest } from './state-digest'

export const REFERENCE_DATE = '2026-11-24'

/** Writes a generated city as an NDJSON file; resolves with its line count. */
export const writeCityFile = async (path: string, children: number, seed: string): Promise<number> => {
  const out = createWriteStream(path)
  let lines = 0
  for (const line of generateCity({ children, seed, referenceDate: REFERENCE_DATE })) {
    lines += 1
    if (!out.write(`${line}\n`)) await once(out, 'drain')
  }
  out.end()
  await once(out, 'finish')
  return lines
}

export interface InterruptContext {
  readonly cluster: PrivateCluster
  readonly database: string
  readonly cli: RunningCli
}

export interface TrialResult {
  readonly trial: number
  readonly delayMs: number
  /** The command had already finished when the interruption came. */
  readonly afterExit: boolean
  readonly cliExit: CliExit
  /** none | all | partial: what the interrupted run left. */
  readonly outcome: 'none' | 'all' | 'partial'
  readonly factsLeft: number
  readonly runningRuns: number
  readonly resendCode: number | null
  readonly dataEqual: boolean
  readonly flagsEqualAfterResend: boolean
  readonly flagsEqualAfterScore: boolean | undefined
  readonly note: Readonly<Record<string, number | string>>
}

export interface KillTrialsOptions {
  readonly cluster: PrivateCluster
  readonly file: string
  readonly kills: number
  readonly seed: string
  readonly interrupt: (ctx: InterruptContext) => Promise<Readonly<Record<string, number | string>>>
  /** Called with each trial's result as it ends (progress on stderr). */
  readonly onTrial?: (result: TrialResult) => void
}

export interface CleanRun {
  readonly ms: number
  readonly facts: number
  readonly digest: StateDigest
  readonly stdout: string
}

const envFor = (cluster: PrivateCluster, database: string): Record<string, string> => ({ DATABASE_URL: cluster.url(database) })

const migrated = async (cluster: PrivateCluster, database: string): Promise<void> => {
  await cluster.createDatabase(database)
  const m = await runCli(['migrate'], envFor(cluster, database))
  if (m.code !== 0) throw new Error(`migrate failed in ${database}: ${m.stderr}`)
}

export const cleanRun = async (cluster: PrivateCluster, file: string): Promise<CleanRun> => {
  await migrated(cluster, 'ew_clean')
  const run = await runCli(['ingest', file], envFor(cluster, 'ew_clean'))
  if (run.code !== 0) throw new Error(`the clean ingest failed: ${run.stderr}`)
  const digest = await stateDigest(cluster.url('ew_clean'))
  const { facts } = await batchRows(cluster.url('ew_clean'))
  await cluster.dropDatabase('ew_clean')
  return { ms: run.ms, facts, digest, stdout: run.stdout }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** Waits for the command to end; one that hangs past `limitMs` is killed and counted as hung. */
const endOf = async (cli: RunningCli, limitMs: number): Promise<CliExit> => {
  const timer = setTimeout(() => cli.child.kill('SIGKILL'), limitMs)
  try {
    return await cli.exited
  } finally {
    clearTimeout(timer)
  }
}

const oneTrial = async (options: KillTrialsOptions, clean: CleanRun, trial: number, rng: Rng): Promise<TrialResult> => {
  const { cluster, file } = options
  const database = `ew_trial_${trial}`
  await migrated(cluster, database)
  const url = cluster.url(database)
  const delayMs = Math.floor(rng() * clean.ms)
  const cli = spawnCli(['ingest', file], envFor(cluster, database))
  let finished = false
  void cli.exited.then(() => (finished = true))
  await sleep(delayMs)
  const afterExit = finished
  const note = await options.interrupt({ cluster, database, cli })
  const cliExit = await endOf(cli, Math.max(600_000, clean.ms * 3))
  const left = await batchRows(url)
  const outcome = left.runningRuns > 0 ? 'partial' : left.facts === 0 && left.completedRuns === 0 ? 'none' : left.facts === clean.facts && left.completedRuns === 1 ? 'all' : 'partial'

  const resend = await runCli(['ingest', file], envFor(cluster, database))
  const after = await stateDigest(url)
  const dataEqual = resend.code === 0 && differingParts(after, clean.digest, DATA_PARTS).length === 0
  const flagsEqualAfterResend = differingParts(after, clean.digest, FLAG_PARTS).length === 0
  let flagsEqualAfterScore: boolean | undefined
  if (!flagsEqualAfterResend) {
    // The batch had committed but scoring was cut short; an unchanged re-send scores nobody.
    const scored = await runCli(['score'], envFor(cluster, database))
    flagsEqualAfterScore = scored.code === 0 && differingParts(await stateDigest(url), clean.digest, FLAG_PARTS).length === 0
  }
  await cluster.dropDatabase(database)
  return {
    trial,
    delayMs,
    afterExit,
    cliExit,
    outcome,
    factsLeft: left.facts,
    runningRuns: left.runningRuns,
    resendCode: resend.code,
    dataEqual,
    flagsEqualAfterResend,
    flagsEqualAfterScore,
    note,
  }
}

export const runKillTrials = async (options: KillTrialsOptions, clean: CleanRun): Promise<readonly TrialResult[]> => {
  const rng = seededRng(options.seed)
  const results: TrialResult[] = []
  for (let trial = 1; trial <= options.kills; trial++) {
    const result = await oneTrial(options, clean, trial, rng)
    results.push(result)
    options.onTrial?.(result)
  }
  return results
}

export const cityFilePath = (cluster: PrivateCluster): string => join(cluster.dataDir, 'city.ndjson')
