import type { FlagsDocument } from '../engine/evaluate'

/** A child's flags as text a practitioner reads at a terminal: each flag, why, and the records behind it. */
export const flagsText = (doc: FlagsDocument): string => {
  const lines = [
    `${doc.childId}  as of ${doc.asOf}  score ${doc.score} (${doc.tier})  rule set ${doc.ruleSet.id} ${doc.ruleSet.version}`,
  ]
  if (doc.flags.length === 0) lines.push('  no flags raised')
  for (const f of doc.flags) {
    lines.push(`  ${f.id}: ${f.title} (${f.category}, weight ${f.weight})${f.since === undefined ? '' : `, since ${f.since}`}`)
    lines.push(`    ${f.explanation}`)
    for (const e of f.evidence) {
      if ('restricted' in e) lines.push('    - restricted intelligence')
      else {
        const grading = e.grading === undefined ? '' : ` grading ${e.grading}`
        const handling = e.handlingCode === undefined ? '' : ` handling ${e.handlingCode}`
        lines.push(`    - ${e.date} ${e.kind} ${e.source}/${e.sourceId}${grading}${handling}`)
      }
    }
  }
  return lines.join('\n')
}
