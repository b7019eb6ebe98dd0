/**
 * Who a fact is about (SPEC §2 "Linking facts to children"): the child whose
 * current `child` record carries the subject's `childId` or agency identifier.
 * Never merges children on names or dates of birth (DOMAIN.md §10).
 */
import * as E from 'fp-ts/Either'
import { AGENCY_IDENTIFIERS, subjectEntry, type ChildRecord, type Subject, type SubjectKey } from '../facts/fact'

export interface RecordRef {
  readonly source: string
  readonly sourceId: string
}

/** Two current child records claim one `childId`, or two children claim one agency identifier. */
export interface LinkConflict {
  readonly _tag: 'LinkConflict'
  readonly identifierType: SubjectKey
  readonly record: RecordRef
  readonly conflictingRecord: RecordRef
  readonly conflictingChildId: string
}

export interface ChildIndex {
  readonly byChildId: ReadonlyMap<string, ChildRecord>
  /** `${type}\u0000${value}` → childId */
  readonly byIdentifier: ReadonlyMap<string, string>
}

const identifierKey = (type: SubjectKey, value: string): string => `${type}\u0000${value}`

const ref = (c: ChildRecord): RecordRef => ({ source: c.source, sourceId: c.sourceId })

const byRecordRef = (a: ChildRecord, b: ChildRecord): number => {
  const ka = `${a.source}\u0000${a.sourceId}`
  const kb = `${b.source}\u0000${b.sourceId}`
  return ka < kb ? -1 : ka > kb ? 1 : 0
}

/** Indexes current child records, or every conflict between them. */
export const buildChildIndex = (records: readonly ChildRecord[]): E.Either<readonly LinkConflict[], ChildIndex> => {
  const byChildId = new Map<string, ChildRecord>()
  const byIdentifier = new Map<string, string>()
  const conflicts: LinkConflict[] = []
  // Sorted so the record named as "conflicting" does not depend on input order.
  for (const record of [...records].sort(byRecordRef)) {
    const held = byChildId.get(record.childId)
    if (held !== undefined) {
      conflicts.push({
        _tag: 'LinkConflict',
        identifierType: 'childId',
        record: ref(record),
        conflictingRecord: ref(held),
        conflictingChildId: held.childId,
      })
      continue
    }
    byChildId.set(record.childId, record)
    for (const type of AGENCY_IDENTIFIERS) {
      const value = record[type]
      if (value === undefined) continue
      const key = identifierKey(type, value)
      const owner = byIdentifier.get(key)
      if (owner !== undefined && owner !== record.childId) {
        const other = byChildId.get(owner)
        conflicts.push({
          _tag: 'LinkConflict',
          identifierType: type,
          record: ref(record),
          conflictingRecord: other === undefined ? { source: '', sourceId: '' } : ref(other),
          conflictingChildId: owner,
        })
      } else byIdentifier.set(key, record.childId)
    }
  }
  return conflicts.length > 0 ? E.left(conflicts) : E.right({ byChildId, byIdentifier })
}

/** The childId a subject resolves to, or `undefined` while no child is known by it. */
export const resolveSubject = (index: ChildIndex, subject: Subject): string | undefined => {
  const [type, value] = subjectEntry(subject)
  if (type === 'childId') return index.byChildId.has(value) ? value : undefined
  return index.byIdentifier.get(identifierKey(type, value))
}
