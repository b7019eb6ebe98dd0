/**
 * How fault scripts speak: a header naming the machine (cores, load, Node),
 * a small table of figures, and an exit status that is non-zero when an
 * invariant failed. Figures are printed, never asserted on time.
 */
import { cpus, loadavg } from 'node:os'

export type Figure = readonly [label: string, value: string | number]

const loadNow = (): string => loadavg().map((l) => l.toFixed(2)).join(' ')

export const header = (title: string, size: string): string =>
  `${title}: ${size}; ${cpus().length} cores, load ${loadNow()}, Node ${process.version}`

export const printFigures = (title: string, size: string, figures: readonly Figure[]): void => {
  const width = Math.max(...figures.map(([label]) => label.length))
  const lines = [header(title, size), ...figures.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`)]
  process.stdout.write(`${lines.join('\n')}\n`)
}

/** Records invariant failures; `finish` prints the verdict and sets the exit code. */
export class Invariants {
  private readonly failures: string[] = []

  check(ok: boolean, what: string): boolean {
    if (!ok) this.failures.push(what)
    return ok
  }

  get failed(): readonly string[] {
    return this.failures
  }

  finish(summary: string): void {
    if (this.failures.length === 0) {
      process.stdout.write(`PASS ${summary}\n`)
      return
    }
    for (const f of this.failures) process.stdout.write(`FAIL ${f}\n`)
    process.stdout.write(`FAIL ${summary}\n`)
    process.exitCode = 1
  }
}

export const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`

export const percentile = (values: readonly number[], p: number): number => {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN
}

/** `--name value` options of a script, as numbers with defaults. */
export const numberOption = (args: readonly string[], name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`)
  if (i < 0) return fallback
  const value = Number(args[i + 1])
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`--${name} must be a number ≥ 0`)
  return value
}

export const stringOption = (args: readonly string[], name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`)
  return i < 0 ? fallback : (args[i + 1] ?? fallback)
}
