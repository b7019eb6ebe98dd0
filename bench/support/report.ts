/** The figure tables' shared parts: a header naming the machine and its load, and a pass/fail line per check. */
import { cpus, loadavg } from 'node:os'

const loadAtStart = loadavg()[0] ?? 0

export const loadNow = (): number => loadavg()[0] ?? 0

/** `name — what, N cores, Node v, PostgreSQL v, load average a at start, b now`. */
export const headerLine = (name: string, what: string, postgres?: string): string =>
  `${name} — ${what}, ${cpus().length} cores, Node ${process.version}` +
  `${postgres === undefined ? '' : `, PostgreSQL ${postgres}`}, ` +
  `load average ${loadAtStart.toFixed(1)} at start, ${loadNow().toFixed(1)} now`

export interface Check {
  readonly label: string
  readonly passed: boolean
  readonly figure: string
}

export const check = (label: string, passed: boolean, figure: string): Check => ({ label, passed, figure })

/** Prints the checks; true when every one passed. */
export const printChecks = (checks: readonly Check[]): boolean => {
  for (const c of checks) console.log(`${c.passed ? 'PASS' : 'FAIL'}  ${c.label.padEnd(58)} ${c.figure}`)
  return checks.every((c) => c.passed)
}

export const parseWholeNumber = (name: string, text: string | undefined, fallback: number): number => {
  const value = text === undefined ? fallback : Number(text)
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`--${name} must be a whole number`)
  return value
}

export const secondsSince = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e9
