/**
 * Reads a rule set from disk: the I/O shell around the pure decodeRuleSet.
 * `manifest.json` and every other `*.json` in the folder (each one rule) are
 * parsed; a JSON syntax error is a problem naming its file. The hash is
 * `sha256:` + the hex SHA-256 of the canonical JSON of
 * `{ manifest, rules: [rule files in file-name order] }`, so formatting and key
 * order do not change it but any change of content does.
 */
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import * as E from 'fp-ts/Either'
import { MANIFEST_FILE, decodeRuleSet } from '../engine/rule-set/rule-set'
import type { RuleSet, RuleSetFile } from '../engine/rule-set/rule-set'
import { formatRuleSetProblem, problem } from '../engine/rule-set/rule-set-problem'
import type { RuleSetProblem } from '../engine/rule-set/rule-set-problem'
import { canonicalJson } from '../engine/versions/canonical-json'

export { formatRuleSetProblem }
export type { RuleSetProblem }

/** The `rules/` folder of this package: found from the folder holding package.json, from source or from dist/. */
export const defaultRulesDir = (): string => {
  let dir = __dirname
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'rules')
    const parent = dirname(dir)
    if (parent === dir) return join(__dirname, '..', 'rules')
    dir = parent
  }
}

export const ruleSetHash = (files: readonly RuleSetFile[]): string => {
  const manifest = files.find((f) => f.name === MANIFEST_FILE)?.json ?? null
  const rules = files
    .filter((f) => f.name !== MANIFEST_FILE)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((f) => f.json)
  return `sha256:${createHash('sha256').update(canonicalJson({ manifest, rules }), 'utf8').digest('hex')}`
}

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e))

const readJson = (dir: string, name: string): E.Either<RuleSetProblem, RuleSetFile> => {
  let text: string
  try {
    text = readFileSync(join(dir, name), 'utf8')
  } catch (e) {
    return E.left(problem(name, '', `a readable file (${messageOf(e)})`))
  }
  try {
    return E.right({ name, json: JSON.parse(text) as unknown })
  } catch (e) {
    return E.left(problem(name, '', `valid JSON (${messageOf(e)})`))
  }
}

export const loadRuleSet = (dir: string = defaultRulesDir()): E.Either<readonly RuleSetProblem[], RuleSet> => {
  let names: readonly string[]
  try {
    names = readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.json'))
      .map((entry) => entry.name)
      .sort()
  } catch (e) {
    return E.left([problem(dir, '', `a readable rule-set folder (${messageOf(e)})`)])
  }
  const read = names.map((name) => readJson(dir, name))
  const problems = read.flatMap((r) => (E.isLeft(r) ? [r.left] : []))
  if (problems.length > 0) return E.left(problems)
  const files = read.flatMap((r) => (E.isRight(r) ? [r.right] : []))
  return decodeRuleSet(files, ruleSetHash(files))
}
