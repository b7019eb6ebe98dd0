/**
 * Checks across rules: ids are unique, every `{ "rule": … }` names a rule that
 * exists, and no rule depends on itself through others (so the evaluator can
 * order rules once, topologically).
 */
import type { Condition } from './condition'
import { ruleReferences } from './condition-nodes'
import { problem } from './rule-set-problem'
import type { RuleSetProblem } from './rule-set-problem'

export interface LocatedRule {
  readonly file: string
  readonly id: string
  readonly condition: Condition
}

export const checkDuplicateIds = (rules: readonly LocatedRule[]): readonly RuleSetProblem[] => {
  const firstFile = new Map<string, string>()
  return rules.flatMap((r) => {
    const first = firstFile.get(r.id)
    if (first === undefined) {
      firstFile.set(r.id, r.file)
      return []
    }
    return [problem(r.file, 'id', `an id not already used (${r.id} is also the id in ${first})`)]
  })
}

/** References to ids that no rule carries; `knownIds` may include ids of rule files that failed to decode. */
export const checkUnknownReferences = (
  file: string,
  condition: Condition,
  path: string,
  knownIds: ReadonlySet<string>,
): readonly RuleSetProblem[] =>
  ruleReferences(condition, path)
    .filter((ref) => !knownIds.has(ref.id))
    .map((ref) => problem(file, ref.path, `the id of a rule in this rule set (there is no rule ${ref.id})`))

/**
 * Every reference that lies on a cycle, each reported in its own file with the
 * cycle spelled out. Tarjan's strongly connected components, visited in id
 * order so the report does not depend on file order.
 */
export const checkCycles = (rules: readonly LocatedRule[]): readonly RuleSetProblem[] => {
  const byId = new Map(rules.map((r) => [r.id, r]))
  const edges = new Map(
    rules.map((r) => [r.id, ruleReferences(r.condition, 'condition').filter((ref) => byId.has(ref.id))]),
  )
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const components: string[][] = []
  let counter = 0
  const visit = (id: string): void => {
    index.set(id, counter)
    low.set(id, counter)
    counter += 1
    stack.push(id)
    onStack.add(id)
    for (const ref of edges.get(id) ?? []) {
      if (!index.has(ref.id)) {
        visit(ref.id)
        low.set(id, Math.min(low.get(id) ?? 0, low.get(ref.id) ?? 0))
      } else if (onStack.has(ref.id)) low.set(id, Math.min(low.get(id) ?? 0, index.get(ref.id) ?? 0))
    }
    if (low.get(id) === index.get(id)) {
      const component: string[] = []
      for (;;) {
        const top = stack.pop() as string
        onStack.delete(top)
        component.push(top)
        if (top === id) break
      }
      components.push(component)
    }
  }
  for (const id of [...byId.keys()].sort()) if (!index.has(id)) visit(id)

  return components.flatMap((component) => {
    const members = new Set(component)
    const cyclic = component.length > 1 || (edges.get(component[0] ?? '') ?? []).some((ref) => ref.id === component[0])
    if (!cyclic) return []
    const cycle = describeCycle([...members].sort()[0] ?? '', members, edges)
    return [...members].sort().flatMap((id) =>
      (edges.get(id) ?? [])
        .filter((ref) => members.has(ref.id))
        .map((ref) => problem(byId.get(id)?.file ?? '', ref.path, `no cycle between rules (${cycle})`)),
    )
  })
}

/** The shortest cycle through `start` inside a strongly connected component, as "A → B → A". */
const describeCycle = (
  start: string,
  members: ReadonlySet<string>,
  edges: ReadonlyMap<string, readonly { readonly id: string }[]>,
): string => {
  const parent = new Map<string, string>()
  const queue = [start]
  for (let head = 0; head < queue.length; head += 1) {
    const current = queue[head] as string
    for (const { id } of edges.get(current) ?? []) {
      if (!members.has(id)) continue
      if (id === start) {
        const path = [current]
        while (path[0] !== start) path.unshift(parent.get(path[0] as string) ?? start)
        return [...path, start].join(' → ')
      }
      if (!parent.has(id)) {
        parent.set(id, current)
        queue.push(id)
      }
    }
  }
  return start
}
