/** The figures and invariants R1 and R2 share over their kill trials. */
import type { Figure, Invariants } from './report'
import type { TrialResult } from './kill-trials'

export interface TrialSummary {
  readonly atomic: number
  readonly partial: number
  readonly figures: readonly Figure[]
}

export const summariseTrials = (results: readonly TrialResult[], invariants: Invariants): TrialSummary => {
  const count = (p: (r: TrialResult) => boolean): number => results.filter(p).length
  const partial = count((r) => r.outcome === 'partial')
  for (const r of results) {
    invariants.check(r.outcome !== 'partial', `trial ${r.trial}: partial batch left (${r.factsLeft} rows, ${r.runningRuns} unfinished runs)`)
    invariants.check(r.resendCode === 0, `trial ${r.trial}: the re-send exited ${r.resendCode}`)
    invariants.check(r.dataEqual, `trial ${r.trial}: facts/children after the re-send differ from the clean run`)
    invariants.check(r.flagsEqualAfterResend || r.flagsEqualAfterScore === true, `trial ${r.trial}: flags differ from the clean run even after score`)
  }
  const atomic = results.length - partial
  return {
    atomic,
    partial,
    figures: [
      ['trials', results.length],
      ['atomic (all or none)', `${atomic}/${results.length}`],
      ['left none / all / partial', `${count((r) => r.outcome === 'none')} / ${count((r) => r.outcome === 'all')} / ${partial}`],
      ['interrupted after the command ended', count((r) => r.afterExit)],
      ['command finished the batch itself (exit 0)', count((r) => r.cliExit.code === 0)],
      ['re-send exit 0', `${count((r) => r.resendCode === 0)}/${results.length}`],
      ['facts/children equal clean run', `${count((r) => r.dataEqual)}/${results.length}`],
      ['flags equal after re-send', `${count((r) => r.flagsEqualAfterResend)}/${results.length}`],
      ['flags equal only after `score`', count((r) => !r.flagsEqualAfterResend && r.flagsEqualAfterScore === true)],
    ],
  }
}
