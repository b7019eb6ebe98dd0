/**
 * The operations the routes call, as narrow interfaces (ports). Each returns
 * data already decided by the engine or storage; what a role may see of it is
 * decided here in api/ (access/), never by the implementation behind a port.
 */
import type { ChildFacts } from '../engine/linking/child-facts'
import type { ChildEvaluation, Tier } from '../engine/evaluate/evaluation'
import type { IsoDate } from '../engine/facts/fact'
import type { LineError } from '../engine/batch/line-error'
import type { NumberedFact } from '../engine/batch/decode-batch'
import type { CohortRow } from '../engine/cohorts/cohort-row'
import type { CohortChange } from '../engine/cohorts/changed-since'
import type { AuditEntry } from './audit/audit-entry'

/** "Is this child already known?" (SPEC §6): an exact identifier, or family name and date of birth. */
export type ChildLookup =
  | { readonly by: 'upn'; readonly upn: string }
  | { readonly by: 'nhsNumber'; readonly nhsNumber: string }
  | { readonly by: 'name'; readonly familyName: string; readonly dateOfBirth: IsoDate }

/** A child as a lookup finds it, with its current tier (null before it was ever scored). */
export interface ChildMatch {
  readonly childId: string
  readonly givenName?: string
  readonly familyName?: string
  readonly dateOfBirth: IsoDate
  readonly locality: string
  readonly tier: Tier | null
}

export interface CohortQuery {
  readonly asOf: IsoDate
  readonly from?: IsoDate
  readonly to?: IsoDate
  readonly locality?: string
  readonly changedSince?: IsoDate
}

/** Every row of a cohort on a date, in cohort order, and the cohort's own columns. */
export interface CohortRows {
  readonly columns: readonly string[]
  readonly rows: readonly CohortRow[]
  /** With `changedSince`: who entered, left or changed flags since then. */
  readonly changes?: readonly CohortChange[]
}

export type CohortOutcome =
  | { readonly _tag: 'UnknownCohort' }
  /** Too many cohort lists are being computed already: try again shortly. */
  | { readonly _tag: 'Busy' }
  | { readonly _tag: 'InvalidParams'; readonly issues: readonly { readonly param: string; readonly message: string }[] }
  | { readonly _tag: 'Rows'; readonly value: CohortRows }

/** SPEC §6's counts, and `superseded`: lines older than the version already current (kept in history). */
export type { IngestCounts } from '../storage/ingest/ingest-counts'
import type { IngestCounts } from '../storage/ingest/ingest-counts'

/**
 * `Rejected` carries errors found against what is stored (an identifier that
 * another child holds): already worded for the `ingest` role, so they name the
 * line and the field but never the other child.
 */
export type IngestOutcome =
  | { readonly _tag: 'Ingested'; readonly counts: IngestCounts }
  | { readonly _tag: 'Rejected'; readonly errors: readonly LineError[] }

/** Where the previous page of the audit log ended (newest first: everything older comes next). */
export interface AuditPosition {
  readonly at: string
  readonly id: string
}

export interface AuditQuery {
  readonly childId?: string
  readonly sub?: string
  /** Inclusive lower bound, an RFC 3339 instant in UTC. */
  readonly from?: string
  /** Exclusive upper bound, an RFC 3339 instant in UTC. */
  readonly to?: string
  readonly limit: number
  readonly after?: AuditPosition
}

export interface AuditPage {
  readonly entries: readonly (AuditEntry & { readonly id: string })[]
  readonly nextCursor: string | null
}

/** An unmatched fact without its content (SPEC §6): what it is, where from, how it names its child, when it came. */
export interface UnmatchedFact {
  readonly kind: string
  readonly source: string
  readonly sourceId: string
  readonly identifierType: string
  readonly arrivedAt: string
}

export type UnmatchedPage =
  | { readonly _tag: 'BadCursor' }
  | { readonly _tag: 'Page'; readonly facts: readonly UnmatchedFact[]; readonly nextCursor: string | null }

export interface ApiServices {
  /** Resolves when the database answers `select 1`; the caller bounds the wait. */
  readonly ping: (signal: AbortSignal) => Promise<void>
  readonly findChildren: (lookup: ChildLookup) => Promise<readonly ChildMatch[]>
  /** One child's current record and facts, or undefined when no such child exists. */
  readonly childFacts: (childId: string) => Promise<ChildFacts | undefined>
  /** One child's evaluation as of a date, with `since` where history is stored. */
  readonly evaluate: (child: ChildFacts, asOf: IsoDate) => Promise<ChildEvaluation>
  /** Whether a child is in a named cohort on a date (for `missing_pilot`'s scope). */
  readonly inCohort: (cohort: string, child: ChildFacts, asOf: IsoDate) => Promise<boolean>
  readonly cohort: (name: string, query: CohortQuery) => Promise<CohortOutcome>
  /** One decoded batch, all or nothing. */
  readonly ingest: (facts: readonly NumberedFact[]) => Promise<IngestOutcome>
  readonly auditLog: (query: AuditQuery) => Promise<AuditPage>
  /** Oldest first; `cursor` is one this port issued. */
  readonly unmatched: (page: { readonly limit: number; readonly cursor?: string }) => Promise<UnmatchedPage>
}
