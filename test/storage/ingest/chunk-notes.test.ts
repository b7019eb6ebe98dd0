import t from 'tap'
import type { NumberedFact } from '../../../engine/batch/decode-batch'
import type { FactVersion } from '../../../engine/facts/fact'
import { chunkNotes, type ResolvedFact } from '../../../storage/ingest/chunk-notes'
import { resolveArrivals } from '../../../storage/ingest/resolve-arrivals'
import { batchOf, childLine, missingLine } from '../synthetic-facts'

const [child, childLater, fact, factCorrected, factWithdrawn] = batchOf([
  childLine({ childId: 'C1' }),
  childLine({ childId: 'C1', locality: 'South', recordedAt: '2024-05-09T09:00:00Z' }),
  missingLine({ sourceId: 'M1', subject: { childId: 'C1' } }),
  missingLine({ sourceId: 'M1', subject: { childId: 'C2' }, recordedAt: '2024-05-09T09:00:00Z' }),
  missingLine({ sourceId: 'M1', subject: { childId: 'C1' }, withdrawn: true, recordedAt: '2024-05-09T09:00:00Z' }),
])

const resolved = (
  key: string,
  held: { readonly version: FactVersion; readonly childId: string | null } | undefined,
  arrivals: NumberedFact[],
): ResolvedFact => ({
  key,
  source: arrivals[0]?.fact.source ?? '',
  sourceId: arrivals[0]?.fact.sourceId ?? '',
  held: held === undefined ? undefined : { id: '1', ...held },
  resolution: resolveArrivals(held?.version, arrivals),
})

t.test('a new fact written without a child waits as unmatched, new', async (t) => {
  if (fact === undefined) throw new Error('fixture')
  const notes = chunkNotes([resolved('k', undefined, [fact])], new Map([['k', null]]))
  t.same(notes, { childKeys: [], unmatched: [{ source: 'police', sourceId: 'M1', isNew: true }], affected: [] })
})

t.test('a fact corrected to name another child affects both children', async (t) => {
  if (fact === undefined || factCorrected === undefined) throw new Error('fixture')
  const notes = chunkNotes([resolved('k', { version: fact.fact, childId: 'C1' }, [factCorrected])], new Map([['k', 'C2']]))
  t.same(notes.affected, ['C1', 'C2'])
  t.same(notes.unmatched, [])
})

t.test('a withdrawal never waits, but its child is scored again', async (t) => {
  if (fact === undefined || factWithdrawn === undefined) throw new Error('fixture')
  const notes = chunkNotes([resolved('k', { version: fact.fact, childId: 'C1' }, [factWithdrawn])], new Map([['k', 'C1']]))
  t.same(notes, { childKeys: [], unmatched: [], affected: ['C1'] })
})

t.test('a changed child record is noted with its line; an unchanged one is not', async (t) => {
  if (child === undefined || childLater === undefined) throw new Error('fixture')
  const changed = chunkNotes([resolved('c', { version: child.fact, childId: null }, [childLater])], new Map([['c', null]]))
  t.same(changed.childKeys, [{ source: 'social_care', sourceId: 'SC-C1', line: 2 }])
  t.same(changed.unmatched, [], 'a child record is never unmatched')
  const resent = chunkNotes([resolved('c', { version: child.fact, childId: null }, [child])], new Map())
  t.same(resent, { childKeys: [], unmatched: [], affected: [] })
})
