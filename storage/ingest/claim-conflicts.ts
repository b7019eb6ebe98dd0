/**
 * Each childId has one current child record, and each agency identifier
 * belongs to one child (SPEC §2 "Linking facts to children"). Given the
 * claims of new child records and the stored claims they could clash with,
 * finds every second claim.
 *
 * The first claimant of a value is the record stored before the batch when
 * there is one, otherwise the batch's earliest line, whether that record is
 * being synced now or was stored by an earlier chunk (so a clash names the
 * same two lines however the batch was chunked); every other claim of this
 * batch on the value for a different owner is an error naming both records.
 */
import { claimConflict, type ClaimConflict, type ClaimType, type RecordRef } from './ingest-error'

export interface Claim {
  readonly type: ClaimType
  readonly value: string
  readonly childId: string
  readonly record: RecordRef
  /** The batch line; `undefined` for a stored claim. */
  readonly line: number | undefined
  /** For a stored claim written by an earlier chunk of this batch: its line. */
  readonly storedLine?: number
}

/** A childId is owned by one record; an identifier by one child. */
const ownerOf = (claim: Claim): string =>
  claim.type === 'childId' ? `${claim.record.source}\u0000${claim.record.sourceId}` : claim.childId

/** A stored claim that no line of this batch wrote. */
const storedBefore = (claim: Claim): boolean => claim.line === undefined && claim.storedLine === undefined

/** The batch line of a claim written or being written by this batch. */
const batchLine = (claim: Claim): number | undefined => claim.line ?? claim.storedLine

const firstClaim = (claims: readonly Claim[]): Claim | undefined => {
  const before = claims.find(storedBefore)
  if (before !== undefined) return before
  return [...claims].sort((a, b) => (batchLine(a) ?? 0) - (batchLine(b) ?? 0))[0]
}

export const findClaimConflicts = (incoming: readonly Claim[], stored: readonly Claim[]): readonly ClaimConflict[] => {
  const byValue = new Map<string, Claim[]>()
  for (const claim of [...stored, ...incoming]) {
    const key = `${claim.type}\u0000${claim.value}`
    const claims = byValue.get(key)
    if (claims === undefined) byValue.set(key, [claim])
    else claims.push(claim)
  }
  const conflicts: ClaimConflict[] = []
  for (const claims of byValue.values()) {
    const first = firstClaim(claims)
    if (first === undefined) continue
    for (const claim of claims) {
      const line = batchLine(claim)
      if (claim === first || line === undefined || ownerOf(claim) === ownerOf(first)) continue
      conflicts.push(claimConflict({ line, type: claim.type, record: claim.record }, { line: batchLine(first), record: first.record }))
    }
  }
  const typeOrder = (t: ClaimType): number => (t === 'childId' ? 0 : 1)
  return conflicts.sort(
    (a, b) => a.line - b.line || typeOrder(a.identifierType) - typeOrder(b.identifierType) || (a.identifierType < b.identifierType ? -1 : a.identifierType > b.identifierType ? 1 : 0),
  )
}
