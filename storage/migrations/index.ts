/**
 * Every migration, by name. Imported rather than read from a folder, so the
 * same list works from source (tap, ts) and from dist/. Append only: a name
 * once released is never renamed, edited or removed.
 */
import type { Migration } from 'kysely'
import * as initialSchema from './2025-11-25-01-initial-schema'
import * as appendOnlyAudit from './2026-11-25-02-append-only-audit'
import * as ingestIndexes from './2026-11-25-03-ingest-indexes'
import * as retention from './2026-11-25-04-retention'
import * as auditHashChain from './2026-11-25-05-audit-hash-chain'
import * as scoringIndexes from './2026-11-25-06-scoring-indexes'
import * as scorePending from './2026-11-25-07-score-pending'
import * as versionHashGenerated from './2026-11-25-08-version-hash-generated'
import * as contentJson from './2026-11-26-09-content-json'
import * as eventDate from './2026-11-26-10-event-date'
import * as subjectIndexNarrowed from './2026-11-27-11-subject-index-narrowed'
import * as childDateOfBirthIndex from './2026-11-28-12-child-date-of-birth-index'

export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '2025-11-25-01-initial-schema': initialSchema,
  '2026-11-25-02-append-only-audit': appendOnlyAudit,
  '2026-11-25-03-ingest-indexes': ingestIndexes,
  '2026-11-25-04-retention': retention,
  '2026-11-25-05-audit-hash-chain': auditHashChain,
  '2026-11-25-06-scoring-indexes': scoringIndexes,
  '2026-11-25-07-score-pending': scorePending,
  '2026-11-25-08-version-hash-generated': versionHashGenerated,
  '2026-11-26-09-content-json': contentJson,
  '2026-11-26-10-event-date': eventDate,
  '2026-11-27-11-subject-index-narrowed': subjectIndexNarrowed,
  '2026-11-28-12-child-date-of-birth-index': childDateOfBirthIndex,
}
