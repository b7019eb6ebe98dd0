/** The figure tables' shared parts: a header naming the machine and its load, and a pass/fail line per check. */
import { readFileSync } from 'node:fs'
import { cpus, loadavg, totalmem } from 'node:os'

const loadAtStart = loadavg()[0] ?? 0

export const loadNow = (): number => loadavg()[0] ?? 0

/** The clock /proc/cpuinfo reports (Node's own is 0 where the VM has no cpufreq); 0 when there is none. */
const cpuinfoMhz = (): number => {
  try {
    return Number(/^cpu MHz\s*:\s*([\d.]+)/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? 0)
  } catch {
    return 0
  }
}

/**
 * `2 cores (Intel(R) Xeon(R) Processor at 2.6 GHz), 24 GiB`: the machine, as the
 * kernel reports it, so that figures quoted with their header say which VM
 * gave them (VMs of the same size have differed by half in speed).
 */
export const machine = (): string => {
  const cores = cpus()
  const models = [...new Set(cores.map((c) => c.model.trim()))].join(' / ')
  const mhz = cores[0]?.speed || cpuinfoMhz()
  const clock = mhz > 0 ? ` at ${(mhz / 1000).toFixed(1)} GHz` : ''
  return `${cores.length} cores (${models || 'model unknown'}${clock}), ${Math.round(totalmem() / 2 ** 30)} GiB`
}

/** `name — what, N cores (model at f GHz), M GiB, Node v, PostgreSQL v, load average a at start, b now`. */
export const headerLine = (name: string, what: string, postgres?: string): string =>
  `${name} — ${what}, ${machine()}, Node ${process.version}` +
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
