/**
 * What the codec cannot see because it depends on the fact kind: that a
 * `where`, `sum` or `distinct` names a field the kind has, of the right sort,
 * with values that kind can carry; that a mapping applies to factor codes; that
 * an age bound is given and makes sense.
 */
import type { Condition, CountableKind, Where } from './condition'
import { conditionNodes } from './condition-nodes'
import { FACT_FIELDS, fieldSpec } from './fact-fields'
import type { FieldSpec } from './fact-fields'
import { joinPath } from './rule-set-problem'

/** A problem relative to the condition: the caller adds the file and the condition's own path. */
export interface ConditionProblem {
  readonly path: string
  readonly expected: string
}

const fieldsOf = (kind: CountableKind): string => Object.keys(FACT_FIELDS[kind]).join(', ')

const checkWhere = (kind: CountableKind, where: Where | undefined, path: string): readonly ConditionProblem[] =>
  Object.entries(where ?? {}).flatMap(([field, values]): readonly ConditionProblem[] => {
    const spec: FieldSpec | undefined = fieldSpec(kind, field)
    const at = joinPath(path, 'where', field)
    if (spec === undefined) return [{ path: at, expected: `a field of ${kind} (${fieldsOf(kind)})` }]
    if (spec.type === 'date') return [{ path: at, expected: `a field that is not a date (windows select dates)` }]
    return values.flatMap((value, i): readonly ConditionProblem[] => {
      const ok =
        spec.type === 'code'
          ? typeof value === 'string' && spec.values.includes(value)
          : spec.type === 'text'
            ? typeof value === 'string'
            : typeof value === 'number' && Number.isInteger(value) && value >= 0
      if (ok) return []
      const expected =
        spec.type === 'code' ? `a ${kind} ${field}: one of ${spec.values.join(', ')}` : spec.type === 'text' ? 'a string' : 'a whole number ≥ 0'
      return [{ path: joinPath(at, i), expected }]
    })
  })

const checkNode = (node: Condition, path: string): readonly ConditionProblem[] => {
  if ('count' in node) return checkWhere(node.count.kind, node.count.where, joinPath(path, 'count'))
  if ('sum' in node) {
    const at = joinPath(path, 'sum')
    const spec = fieldSpec(node.sum.kind, node.sum.field)
    const fieldProblems =
      spec?.type === 'count' ? [] : [{ path: joinPath(at, 'field'), expected: `a session-count field of ${node.sum.kind}` }]
    return [...fieldProblems, ...checkWhere(node.sum.kind, node.sum.where, at)]
  }
  if ('distinct' in node) {
    return node.distinct.of.flatMap((source, i): readonly ConditionProblem[] => {
      const at = joinPath(path, 'distinct', 'of', i)
      const spec = fieldSpec(source.kind, source.field)
      if (spec === undefined || spec.type === 'date' || spec.type === 'count')
        return [{ path: joinPath(at, 'field'), expected: `a code or text field of ${source.kind}` }]
      if (source.mapping === 'aceByFactor' && !(source.kind === 'assessment_factor' && source.field === 'code'))
        return [{ path: joinPath(at, 'mapping'), expected: 'aceByFactor only on assessment_factor code' }]
      return []
    })
  }
  if ('open' in node) return checkWhere(node.open.kind, node.open.where, joinPath(path, 'open'))
  if ('age' in node) {
    const { atLeast, below } = node.age
    if (atLeast === undefined && below === undefined) return [{ path: joinPath(path, 'age'), expected: 'atLeast, below or both' }]
    if (atLeast !== undefined && below !== undefined && atLeast >= below)
      return [{ path: joinPath(path, 'age', 'below'), expected: `an age above atLeast (${atLeast})` }]
  }
  return []
}

export const checkCondition = (condition: Condition, path = ''): readonly ConditionProblem[] =>
  conditionNodes(condition, path).flatMap(({ node, path: at }) => checkNode(node, at))
