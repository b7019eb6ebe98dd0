/**
 * A decoded, checked rule set (SPEC §3 "Rule sets are data"), and the pure
 * decoder the loader calls once it has read the files. Every problem in every
 * file is collected before the set is refused, each naming its file and path.
 */
import * as E from 'fp-ts/Either'
import type { CohortDefinition } from './cohort-definition'
import { isFirstTimeEntrantMembers } from './cohort-definition'
import { checkCondition } from './check-condition'
import { checkCycles, checkDuplicateIds, checkUnknownReferences } from './check-references'
import type { LocatedRule } from './check-references'
import { isPlainObject } from './closed-type'
import { Manifest } from './manifest'
import type { AceByFactor, Tiers } from './manifest'
import { Rule } from './rule'
import { joinPath, problem, problemsOfErrors } from './rule-set-problem'
import type { RuleSetProblem } from './rule-set-problem'

export type { RuleSetProblem } from './rule-set-problem'
export type { Rule, RuleExample, ExampleExpectation } from './rule'
export type { Tiers, AceByFactor } from './manifest'

export interface RuleSet {
  readonly id: string
  readonly version: string
  /** `sha256:` + hex digest of the canonical JSON of the manifest and rule files. */
  readonly hash: string
  readonly tiers: Tiers
  readonly aceByFactor: AceByFactor
  /** In file-name order. */
  readonly rules: readonly Rule[]
  readonly cohorts: readonly CohortDefinition[]
}

export interface RuleSetFile {
  readonly name: string
  readonly json: unknown
}

export const MANIFEST_FILE = 'manifest.json'

const byName = (a: RuleSetFile, b: RuleSetFile): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)

const checkTiers = (tiers: Tiers): readonly RuleSetProblem[] =>
  tiers.high > tiers.medium && tiers.medium > tiers.low
    ? []
    : [problem(MANIFEST_FILE, 'tiers', 'thresholds with high > medium > low ≥ 1')]

/** Each cohort's membership condition (when it is one) checked like a rule's; cohort names unique. */
const checkCohorts = (cohorts: readonly CohortDefinition[], knownIds: ReadonlySet<string>): readonly RuleSetProblem[] => {
  const seen = new Set<string>()
  return cohorts.flatMap((cohort, i) => {
    const duplicate = seen.has(cohort.name)
    seen.add(cohort.name)
    const nameProblems = duplicate ? [problem(MANIFEST_FILE, joinPath('cohorts', i, 'name'), `a cohort name not already used (${cohort.name})`)] : []
    const { members } = cohort
    if (isFirstTimeEntrantMembers(members)) return nameProblems
    const path = joinPath('cohorts', i, 'members')
    return [
      ...nameProblems,
      ...checkCondition(members, path).map((p) => problem(MANIFEST_FILE, p.path, p.expected)),
      ...checkUnknownReferences(MANIFEST_FILE, members, path, knownIds),
    ]
  })
}

/**
 * Decodes the manifest (`manifest.json`) and every other file as one rule.
 * `hash` is computed by the caller from the files as read.
 */
export const decodeRuleSet = (
  files: readonly RuleSetFile[],
  hash: string,
): E.Either<readonly RuleSetProblem[], RuleSet> => {
  const manifestFile = files.find((f) => f.name === MANIFEST_FILE)
  const ruleFiles = files.filter((f) => f.name !== MANIFEST_FILE).sort(byName)

  const manifest = manifestFile === undefined ? undefined : Manifest.decode(manifestFile.json)
  const manifestProblems: readonly RuleSetProblem[] =
    manifest === undefined
      ? [problem(MANIFEST_FILE, '', 'a manifest file (id, version, tiers, aceByFactor, cohorts)')]
      : E.isLeft(manifest)
        ? problemsOfErrors(MANIFEST_FILE, manifest.left)
        : checkTiers(manifest.right.tiers)

  const decoded = ruleFiles.map((f) => ({ file: f.name, result: Rule.decode(f.json) }))
  const rules = decoded.flatMap((d) => (E.isRight(d.result) ? [{ file: d.file, rule: d.result.right }] : []))
  const decodeProblems = decoded.flatMap((d) => (E.isLeft(d.result) ? problemsOfErrors(d.file, d.result.left) : []))

  // An id in a file that failed to decode still counts as known, so one broken
  // file is not also reported as an unknown reference everywhere else.
  const knownIds = new Set(
    ruleFiles.flatMap((f) => (isPlainObject(f.json) && typeof f.json.id === 'string' ? [f.json.id] : [])),
  )
  const located: readonly LocatedRule[] = rules.map(({ file, rule }) => ({ file, id: rule.id, condition: rule.condition }))
  const ruleProblems = rules.flatMap(({ file, rule }) => [
    ...checkCondition(rule.condition, 'condition').map((p) => problem(file, p.path, p.expected)),
    ...checkUnknownReferences(file, rule.condition, 'condition', knownIds),
  ])
  const cohortProblems = manifest !== undefined && E.isRight(manifest) ? checkCohorts(manifest.right.cohorts, knownIds) : []

  const problems = [
    ...manifestProblems,
    ...decodeProblems,
    ...ruleProblems,
    ...checkDuplicateIds(located),
    ...checkCycles(located),
    ...cohortProblems,
  ]
  if (problems.length > 0 || manifest === undefined || E.isLeft(manifest)) return E.left(problems)
  const m = manifest.right
  return E.right({
    id: m.id,
    version: m.version,
    hash,
    tiers: m.tiers,
    aceByFactor: m.aceByFactor,
    rules: rules.map((r) => r.rule),
    cohorts: m.cohorts,
  })
}
