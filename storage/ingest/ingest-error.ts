/**
 * Why a batch was refused after decoding: two child records claim one
 * childId or one agency identifier (SPEC §2 "Linking facts to children").
 *
 * The structured fields are kept apart from the text: the command line shows
 * `message`, which names both records; the API tells the `ingest` role only
 * the line and the identifier type, never the other child's record.
 */
import type { AgencyIdentifier } from '../../engine/facts/fact'

export type ClaimType = 'childId' | AgencyIdentifier

export interface RecordRef {
  readonly source: string
  readonly sourceId: string
}

export interface ClaimConflict {
  readonly _tag: 'ClaimConflict'
  /** Line of this batch whose child record makes the second claim. */
  readonly line: number
  readonly identifierType: ClaimType
  readonly source: string
  readonly sourceId: string
  readonly conflictingSource: string
  readonly conflictingSourceId: string
  /** The other record's line when it is in this batch; `undefined` when it is already stored. */
  readonly conflictingLine: number | undefined
  readonly message: string
}

export type IngestError = ClaimConflict

const describe = (ref: RecordRef): string => `(${ref.source}, ${ref.sourceId})`

export const claimConflict = (
  claim: { readonly line: number; readonly type: ClaimType; readonly record: RecordRef },
  other: { readonly line: number | undefined; readonly record: RecordRef },
): ClaimConflict => {
  const where = other.line === undefined ? 'already stored' : `line ${other.line}`
  const what =
    claim.type === 'childId'
      ? `child record ${describe(claim.record)} claims a childId that child record ${describe(other.record)} (${where}) already has`
      : `child record ${describe(claim.record)} claims a ${claim.type} that belongs to another child, record ${describe(other.record)} (${where})`
  return {
    _tag: 'ClaimConflict',
    line: claim.line,
    identifierType: claim.type,
    source: claim.record.source,
    sourceId: claim.record.sourceId,
    conflictingSource: other.record.source,
    conflictingSourceId: other.record.sourceId,
    conflictingLine: other.line,
    message: `line ${claim.line}: ${what}`,
  }
}
