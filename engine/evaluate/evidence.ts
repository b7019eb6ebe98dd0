/**
 * The evidence of a true node: every fact that made it true, as
 * (kind, source, sourceId, date) with the date the rule read, plus grading and
 * handling code for intelligence (DOMAIN.md §8). `all` and `any` take the
 * union of their true parts, a rule reference its rule's evidence, `not`
 * none (an absence has no facts). Deduplicated and sorted by date, kind,
 * source, sourceId, so the order of the input never shows.
 */
import type { FactEvidence } from './evaluation'
import { ascending, dateOf } from './dated-fact'
import type { DatedFact } from './dated-fact'
import type { NodeResult } from './node-result'

const evidenceOfFact = (h: DatedFact): FactEvidence => {
  const { fact } = h
  const date = dateOf(h)
  if (fact.kind === 'drug_intelligence') {
    return fact.grading === undefined
      ? { kind: fact.kind, source: fact.source, sourceId: fact.sourceId, date, handlingCode: fact.handlingCode }
      : { kind: fact.kind, source: fact.source, sourceId: fact.sourceId, date, grading: fact.grading, handlingCode: fact.handlingCode }
  }
  return { kind: fact.kind, source: fact.source, sourceId: fact.sourceId, date }
}

const hitsOf = (r: NodeResult): readonly DatedFact[] => {
  if (!r.value) return []
  switch (r.tag) {
    case 'all':
    case 'any':
      return r.parts.flatMap(hitsOf)
    case 'not':
      return []
    case 'rule':
      return hitsOf(r.result)
    default:
      return r.hits
  }
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

export const compareEvidence = (a: FactEvidence, b: FactEvidence): number =>
  cmp(a.date, b.date) || cmp(a.kind, b.kind) || cmp(a.source, b.source) || cmp(a.sourceId, b.sourceId)

export const evidenceOf = (r: NodeResult): readonly FactEvidence[] => {
  const hits = hitsOf(r)
  const evidence = hits.map(evidenceOfFact)
  // Most evidence is one leaf's hits, in order already.
  if (ascending(evidence, compareEvidence)) return evidence
  // Sorted first, so a fact read by two parts sits next to itself and is dropped.
  const sorted = evidence.sort(compareEvidence)
  return sorted.filter((e, i) => i === 0 || compareEvidence(sorted[i - 1] as FactEvidence, e) !== 0)
}
