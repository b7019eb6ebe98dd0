/**
 * Splits a batch into chunks of whole facts: every line of one
 * `(source, sourceId)` lands in the same chunk, so each fact's versions are
 * resolved together, and each chunk is small enough for one multi-row write.
 * Child records can be put first, so that the batch's other facts find
 * their child already in place when they are written.
 */
import type { NumberedFact } from '../../engine/batch/decode-batch'
import { factKey } from '../../engine/facts/fact'

export const DEFAULT_CHUNK_SIZE = 5000

const groupByFact = (facts: readonly NumberedFact[]): readonly NumberedFact[][] => {
  const byKey = new Map<string, NumberedFact[]>()
  for (const item of facts) {
    const key = factKey(item.fact)
    const lines = byKey.get(key)
    if (lines === undefined) byKey.set(key, [item])
    else lines.push(item)
  }
  return [...byKey.values()]
}

const chunksOf = (groups: readonly NumberedFact[][], chunkSize: number): readonly (readonly NumberedFact[])[] => {
  const chunks: NumberedFact[][] = []
  let chunk: NumberedFact[] = []
  for (const lines of groups) {
    if (chunk.length > 0 && chunk.length + lines.length > chunkSize) {
      chunks.push(chunk)
      chunk = []
    }
    chunk.push(...lines)
  }
  if (chunk.length > 0) chunks.push(chunk)
  return chunks
}

export const chunkByFact = (
  facts: readonly NumberedFact[],
  chunkSize: number = DEFAULT_CHUNK_SIZE,
): readonly (readonly NumberedFact[])[] => chunksOf(groupByFact(facts), chunkSize)

/** Chunks of the facts with a `child` line, then chunks of the others. */
export const chunkChildRecordsFirst = (
  facts: readonly NumberedFact[],
  chunkSize: number = DEFAULT_CHUNK_SIZE,
): readonly [readonly (readonly NumberedFact[])[], readonly (readonly NumberedFact[])[]] => {
  const groups = groupByFact(facts)
  const isChildRecord = (lines: readonly NumberedFact[]): boolean => lines.some((l) => l.fact.kind === 'child')
  return [chunksOf(groups.filter(isChildRecord), chunkSize), chunksOf(groups.filter((g) => !isChildRecord(g)), chunkSize)]
}
