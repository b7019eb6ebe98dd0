/**
 * RELIABILITY S7: no moderate or worse advisory in production dependencies,
 * and fastify at 5.12.2 or later (RELIABILITY §3 item 7).
 *
 *   npm run fault:npm-audit
 *
 * Runs `npm audit --omit=dev --audit-level=moderate --json`. When the
 * registry cannot answer (some mirrors refuse the bulk advisory endpoint
 * with 405), the audit is reported as UNAVAILABLE and the script exits 2:
 * an audit that did not run is not a pass. Exit 1: advisories found or
 * fastify too old; 0: both checks passed.
 */
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { PROJECT_ROOT } from './support/cli-process'
import { Invariants, printFigures } from './support/report'

const MIN_FASTIFY = [5, 12, 2] as const
const BLOCKING = ['moderate', 'high', 'critical'] as const

type AuditAnswer =
  | { readonly _tag: 'Audited'; readonly counts: Readonly<Record<string, number>> }
  | { readonly _tag: 'Unavailable'; readonly reason: string }

const runAudit = async (): Promise<AuditAnswer> => {
  let stdout = ''
  try {
    stdout = (await promisify(execFile)('npm', ['audit', '--omit=dev', '--audit-level=moderate', '--json'], { cwd: PROJECT_ROOT, timeout: 120_000 })).stdout
  } catch (error) {
    // npm exits non-zero both when it finds advisories and when it cannot ask: the JSON says which.
    stdout = String((error as { stdout?: unknown }).stdout ?? '')
    if (stdout.trim() === '') return { _tag: 'Unavailable', reason: `npm audit failed without an answer (${(error as { code?: unknown }).code ?? 'error'})` }
  }
  try {
    const answer = JSON.parse(stdout) as { metadata?: { vulnerabilities?: Record<string, number> }; statusCode?: number; message?: string }
    if (answer.metadata?.vulnerabilities !== undefined) return { _tag: 'Audited', counts: answer.metadata.vulnerabilities }
    return { _tag: 'Unavailable', reason: `the registry answered ${answer.statusCode ?? '?'} (${(answer.message ?? 'no advisories data').slice(0, 120)})` }
  } catch {
    return { _tag: 'Unavailable', reason: 'npm audit did not answer JSON' }
  }
}

const versionAtLeast = (version: string, minimum: readonly number[]): boolean => {
  const parts = version.split(/[.+-]/).slice(0, 3).map(Number)
  for (let i = 0; i < minimum.length; i++) {
    const have = parts[i] ?? 0
    const want = minimum[i] ?? 0
    if (have !== want) return have > want
  }
  return true
}

const main = async (): Promise<void> => {
  const installed = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'node_modules', 'fastify', 'package.json'), 'utf8')) as { version: string }).version
  const declared = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies['fastify'] ?? '?'
  const audit = await runAudit()
  const invariants = new Invariants()
  const fastifyOk = invariants.check(versionAtLeast(installed, MIN_FASTIFY), `fastify ${installed} is older than ${MIN_FASTIFY.join('.')}`)
  const blocking = audit._tag === 'Audited' ? BLOCKING.reduce((n, level) => n + (audit.counts[level] ?? 0), 0) : undefined
  if (blocking !== undefined) invariants.check(blocking === 0, `${blocking} moderate-or-worse advisories in production dependencies`)
  printFigures('S7 dependencies', 'production dependencies (npm audit --omit=dev)', [
    ['fastify installed / declared', `${installed} / ${declared} (need ≥ ${MIN_FASTIFY.join('.')}: ${fastifyOk ? 'yes' : 'NO'})`],
    ['npm audit', audit._tag === 'Audited' ? Object.entries(audit.counts).map(([k, v]) => `${k} ${v}`).join(', ') : `UNAVAILABLE: ${audit.reason}`],
    ['moderate or worse', blocking ?? 'unknown'],
  ])
  if (audit._tag === 'Unavailable' && invariants.failed.length === 0) {
    process.stdout.write(`UNAVAILABLE npm audit could not run here (${audit.reason}); fastify ${installed} ≥ ${MIN_FASTIFY.join('.')}. Not a pass: run it where the registry answers.\n`)
    process.exitCode = 2
    return
  }
  invariants.finish(`${blocking ?? 'unknown'} moderate-or-worse advisories; fastify ${installed}`)
}

main().catch((error: unknown) => {
  process.stderr.write(`npm-audit: ${(error as Error).stack ?? String(error)}\n`)
  process.exitCode = 2
})
