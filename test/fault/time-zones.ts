/**
 * RELIABILITY I7: outputs do not depend on the machine's time zone.
 *
 *   npm run build && npm run fault:time-zones -- [--children 200]
 *
 * The same commands under TZ=UTC, Europe/London and Pacific/Kiritimati
 * (UTC+14, so "today" in the machine's zone is often another day than in
 * London): generate a city, evaluate it from the file (every child, a few
 * children, every cohort), then ingest it into an embedded database (a
 * PGlite data folder per zone), score it, and read flags (`--json`) and
 * cohorts (JSON and CSV) back. Every output is compared byte for byte with
 * the UTC run's. Dates are pinned with --as-of / --reference-date; the
 * ingest's "scored as of" is today in London, the same in every zone unless
 * the run crosses midnight there.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { assertBuilt, lastLine, runCli, type CliExit } from './support/cli-process'
import { Invariants, numberOption, printFigures } from './support/report'

const ZONES = ['UTC', 'Europe/London', 'Pacific/Kiritimati'] as const
const AS_OF = '2026-11-24'
const YEAR_BEFORE = '2025-11-25'
const COHORTS = ['missing-pilot', 'lac-attendance', 'exploitation', 'first-time-entrants'] as const

interface Output {
  readonly name: string
  /** What is compared: the exit status and stdout. */
  readonly text: string
  /** Shown when a command fails; not compared (progress and timing may differ). */
  readonly stderr: string
}

const outputOf = (name: string, run: CliExit): Output => ({ name, text: `exit ${run.code}\n${run.stdout}`, stderr: lastLine(run.stderr) })

const cohortArgs = (name: string): string[] => (name === 'first-time-entrants' ? ['--from', YEAR_BEFORE, '--to', AS_OF] : [])

/** Every output of one zone's run, in a fixed order. */
const runZone = async (zone: string, children: number, childIds: readonly string[], dir: string): Promise<Output[]> => {
  const env = { TZ: zone, EW_DATA_DIR: join(dir, `data-${zone.replace('/', '-')}`) }
  const outputs: Output[] = []
  const generated = await runCli(['fixtures', 'generate', '--children', String(children), '--seed', 'tz', '--reference-date', AS_OF], env)
  outputs.push(outputOf('fixtures generate', generated))
  const file = join(dir, `city-${zone.replace('/', '-')}.ndjson`)
  writeFileSync(file, generated.stdout)
  const run = async (name: string, args: readonly string[]): Promise<void> => void outputs.push(outputOf(name, await runCli(args, env)))
  await run('evaluate', ['evaluate', file, '--as-of', AS_OF])
  for (const id of childIds) await run(`evaluate --child ${id}`, ['evaluate', file, '--as-of', AS_OF, '--child', id])
  for (const cohort of COHORTS) await run(`evaluate --cohort ${cohort}`, ['evaluate', file, '--as-of', AS_OF, '--cohort', cohort, ...cohortArgs(cohort)])
  await run('ingest', ['ingest', file])
  await run('score', ['score', '--as-of', AS_OF])
  for (const id of childIds) await run(`flags ${id} --json`, ['flags', id, '--as-of', AS_OF, '--json'])
  for (const cohort of COHORTS) {
    await run(`cohort ${cohort} json`, ['cohort', cohort, '--as-of', AS_OF, ...cohortArgs(cohort), '--format', 'json'])
    await run(`cohort ${cohort} csv`, ['cohort', cohort, '--as-of', AS_OF, ...cohortArgs(cohort), '--format', 'csv'])
  }
  return outputs
}

/** A few children with flags, from a file-based evaluation under UTC. */
const flaggedChildren = async (children: number, dir: string): Promise<string[]> => {
  const env = { TZ: 'UTC' }
  const generated = await runCli(['fixtures', 'generate', '--children', String(children), '--seed', 'tz', '--reference-date', AS_OF], env)
  const file = join(dir, 'probe.ndjson')
  writeFileSync(file, generated.stdout)
  const evaluated = await runCli(['evaluate', file, '--as-of', AS_OF], env)
  return evaluated.stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as { childId: string; flags: unknown[] })
    .filter((c) => c.flags.length > 0)
    .slice(0, 3)
    .map((c) => c.childId)
}

const main = async (): Promise<void> => {
  const children = numberOption(process.argv.slice(2), 'children', 200)
  assertBuilt('cli/main.ts')
  const dir = mkdtempSync('/tmp/ew-fault-tz-')
  try {
    const childIds = await flaggedChildren(children, dir)
    const runs = new Map<string, Output[]>()
    for (const zone of ZONES) runs.set(zone, await runZone(zone, children, childIds, dir))
    const reference = runs.get('UTC') ?? []
    const invariants = new Invariants()
    const differences: string[] = []
    for (const zone of ZONES.slice(1)) {
      for (const [i, out] of (runs.get(zone) ?? []).entries()) {
        if (out.text !== reference[i]?.text) differences.push(`${zone}: ${out.name}`)
      }
    }
    const failedCommands = [...runs].flatMap(([zone, outs]) => outs.filter((o) => !o.text.startsWith('exit 0')).map((o) => `${zone} ${o.name} (${o.stderr})`))
    invariants.check(differences.length === 0, `outputs differ: ${differences.join('; ')}`)
    invariants.check(failedCommands.length === 0, `commands failed: ${failedCommands.join('; ')}`)
    const bytes = reference.reduce((n, o) => n + o.text.length, 0)
    printFigures('I7 time-zone independence', `${children} children, zones ${ZONES.join(', ')}`, [
      ['outputs compared per zone', reference.length],
      ['bytes per zone', bytes],
      ['children probed (flags, evaluate --child)', childIds.join(' ')],
      ['differences', differences.length === 0 ? 0 : differences.join('; ')],
    ])
    invariants.finish(`${differences.length} differences across ${ZONES.length} TZs (${reference.length} outputs each)`)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`time-zones: ${(error as Error).stack ?? String(error)}\n`)
  process.exitCode = 2
})
