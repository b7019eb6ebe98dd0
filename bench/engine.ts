/**
 * bench:engine — evaluates a generated city with the default rule set and
 * prints children per second and peak memory. Figures, not assertions.
 *
 *   npm run bench:engine -- [--children 100000] [--seed bench] [--as-of 2026-11-24]
 */
import { parseArgs } from 'node:util'
import * as E from 'fp-ts/Either'
import { decodeFactLine } from '../engine/batch/decode-line'
import { compileRuleSet, evaluateChild } from '../engine/evaluate'
import type { FactVersion } from '../engine/facts/fact'
import { linkFacts } from '../engine/linking/link-facts'
import { currentFacts } from '../engine/versions/current-version'
import { generateCity } from '../fixtures/city/generate-city'
import { defaultRulesDir, loadRuleSet } from '../rules-loader/load-rule-set'
import { headerLine } from './support/report'

const { values } = parseArgs({
  options: { children: { type: 'string' }, seed: { type: 'string' }, 'as-of': { type: 'string' } },
})
const children = Number(values.children ?? '100000')
const seed = values.seed ?? 'bench'
const asOf = values['as-of'] ?? '2026-11-24'

let peakRss = 0
const sampleMemory = (): void => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss)
}
const sampler = setInterval(sampleMemory, 50)
const seconds = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e9

const ruleSet = loadRuleSet(defaultRulesDir())
if (E.isLeft(ruleSet)) throw new Error('the default rule set does not load')
const compiled = compileRuleSet(ruleSet.right)

let start = process.hrtime.bigint()
const versions: FactVersion[] = []
let lines = 0
for (const line of generateCity({ children, seed, referenceDate: asOf })) {
  lines += 1
  const decoded = decodeFactLine(line, lines)
  if (E.isLeft(decoded)) throw new Error(`generated line ${lines} does not decode`)
  versions.push(decoded.right)
}
const decodeSeconds = seconds(start)

start = process.hrtime.bigint()
const linked = linkFacts(currentFacts(versions))
if (E.isLeft(linked)) throw new Error('the generated city has link conflicts')
const linkSeconds = seconds(start)
sampleMemory()

start = process.hrtime.bigint()
let raised = 0
for (const child of linked.right.children) raised += evaluateChild(compiled, child, asOf).flags.length
const evaluateSeconds = seconds(start)
sampleMemory()
clearInterval(sampler)

const n = linked.right.children.length
const row = (label: string, value: string): void => console.log(`${label.padEnd(34)} ${value}`)
console.log(headerLine('bench:engine', `${n.toLocaleString('en-GB')} children, ${lines.toLocaleString('en-GB')} lines, as of ${asOf}`))
row('generate + decode (s)', decodeSeconds.toFixed(2))
row('current versions + link (s)', linkSeconds.toFixed(2))
row('evaluate (s)', evaluateSeconds.toFixed(2))
row('evaluate: children per second', Math.round(n / evaluateSeconds).toLocaleString('en-GB'))
row('raised flags', raised.toLocaleString('en-GB'))
row('peak RSS (MB)', (peakRss / 1024 / 1024).toFixed(0))
