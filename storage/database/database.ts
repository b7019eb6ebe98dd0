/** The application's view of the schema: table name → row type (snake_case, as stored). */
import type { AuditEventTable } from '../tables/audit-event.table'
import type { ChildIdentifierTable } from '../tables/child-identifier.table'
import type { ChildScoreTable } from '../tables/child-score.table'
import type { ChildTable } from '../tables/child.table'
import type { CohortEventTable } from '../tables/cohort-event.table'
import type { CohortMemberTable } from '../tables/cohort-member.table'
import type { FactVersionTable } from '../tables/fact-version.table'
import type { FlagEventTable } from '../tables/flag-event.table'
import type { FlagStateTable } from '../tables/flag-state.table'
import type { IngestRunTable } from '../tables/ingest-run.table'

export interface Database {
  ingest_run: IngestRunTable
  fact_version: FactVersionTable
  child: ChildTable
  child_identifier: ChildIdentifierTable
  flag_state: FlagStateTable
  flag_event: FlagEventTable
  child_score: ChildScoreTable
  cohort_member: CohortMemberTable
  cohort_event: CohortEventTable
  audit_event: AuditEventTable
}
