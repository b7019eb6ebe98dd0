/** Synthetic evaluations for storage tests (the evaluator's output shape, invented content). */
import type { ChildEvaluation, Flag } from '../../../engine/evaluate/evaluation'

export const RULE_SET = { id: 'default', version: '1.0.0', hash: 'sha256:abc' } as const

const WEIGHTS: Readonly<Record<string, number>> = { MISSING_REPEAT: 4, MISSING_RECENT: 2, COUNTY_LINES: 4, ACE_FOUR_PLUS: 0 }

export const flagOf = (id: string, asOf: string): Flag => ({
  id,
  title: `Title of ${id}`,
  category: id === 'COUNTY_LINES' ? 'police_intelligence' : 'missing',
  weight: WEIGHTS[id] ?? 1,
  explanation: `${id} explained as of ${asOf}`,
  evidence:
    id === 'COUNTY_LINES'
      ? [{ kind: 'drug_intelligence', source: 'police', sourceId: 'I-1', date: asOf, grading: 'R/B', handlingCode: 'C' }]
      : [{ kind: 'missing_episode', source: 'police', sourceId: 'M-1', date: asOf }],
})

export const evaluationOf = (childId: string, asOf: string, flagIds: readonly string[]): ChildEvaluation => {
  const flags = flagIds.map((id) => flagOf(id, asOf))
  const score = flags.reduce((sum, f) => sum + f.weight, 0)
  return {
    childId,
    asOf,
    ruleSet: RULE_SET,
    score,
    tier: score >= 10 ? 'high' : score >= 5 ? 'medium' : score >= 1 ? 'low' : 'none',
    flags,
    outcomes: [],
  }
}
