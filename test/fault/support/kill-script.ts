/**
 * The whole of an R1/R2 script but its interruption: options, the private
 * cluster, the city file, the clean run, the trials, the shared figures and
 * invariants, and the exit status.
 */
import { assertBuilt, lastLine } from './cli-process'
import { cityFilePath, cleanRun, runKillTrials, writeCityFile, type KillTrialsOptions, type TrialResult } from './kill-trials'
import { startPrivateCluster } from './private-cluster'
import { Invariants, numberOption, printFigures, seconds, stringOption, type Figure } from './report'
import { summariseTrials } from './trial-summary'

export interface KillScript {
  readonly title: string
  readonly defaultSeed: string
  /** What the interruption is called in progress lines, e.g. "stop", "SIGKILL". */
  readonly verb: string
  readonly interrupt: KillTrialsOptions['interrupt']
  /** The end of a trial's progress line: what this interruption measured. */
  readonly describe: (r: TrialResult) => string
  /** Figures and checks of the script's own; returns the end of the verdict line. */
  readonly extra: (results: readonly TrialResult[], invariants: Invariants) => { readonly figures: readonly Figure[]; readonly summary: string }
}

export const runKillScript = async (script: KillScript): Promise<void> => {
  const args = process.argv.slice(2)
  const children = numberOption(args, 'children', 110_000)
  const kills = numberOption(args, 'kills', 20)
  const seed = stringOption(args, 'seed', script.defaultSeed)
  assertBuilt('cli/commands/ingest.ts', 'storage/database/transient-retry.ts')
  const cluster = await startPrivateCluster()
  try {
    const file = cityFilePath(cluster)
    const lines = await writeCityFile(file, children, seed)
    const clean = await cleanRun(cluster, file)
    process.stderr.write(`clean run: ${lines} lines, ${clean.facts} fact versions in ${seconds(clean.ms)}\n`)
    const results = await runKillTrials(
      {
        cluster,
        file,
        kills,
        seed,
        interrupt: script.interrupt,
        onTrial: (r) =>
          process.stderr.write(
            `trial ${r.trial}: ${script.verb} at ${seconds(r.delayMs)}${r.afterExit ? ' (after the command ended)' : ''}, left ${r.outcome} (${r.factsLeft} rows), ` +
              `command exit ${r.cliExit.code ?? r.cliExit.signal} (${lastLine(r.cliExit.stderr)}), ${script.describe(r)}\n`,
          ),
      },
      clean,
    )
    const invariants = new Invariants()
    const summary = summariseTrials(results, invariants)
    const own = script.extra(results, invariants)
    printFigures(script.title, `${children} children, ${lines} lines, ${clean.facts} fact versions, ${kills} kills`, [
      ['clean ingest (T)', seconds(clean.ms)],
      ...summary.figures,
      ...own.figures,
    ])
    invariants.finish(`${summary.atomic}/${results.length} atomic, ${summary.partial} partial, ${own.summary}`)
  } finally {
    await cluster.destroy()
  }
}
