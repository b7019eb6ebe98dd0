/**
 * A small stored city with records on both sides of every default retention
 * boundary, as of 2026-11-24 (P2Y: before 2024-11-24 goes; P1Y: before
 * 2025-11-24; a child aged out: 18th birthday before 2024-11-24; audit P6Y:
 * before 2020-11-24). Canary values (invented names, a valid test UPN) make a
 * leak into a log or the run record detectable by a search.
 */
import * as E from 'fp-ts/Either'
import type { Kysely } from 'kysely'
import { compileRuleSet } from '../../../engine/evaluate'
import { loadRulesOrProblems } from '../../../cli/load-rules'
import { scoreChildren } from '../../../scoring/score-children'
import { storeCohortMembership } from '../../../storage/cohorts/store-cohort-membership'
import type { Database } from '../../../storage/database/database'
import { ingestBatch } from '../../../storage/ingest/ingest-batch'
import { batchOf, upnOf } from '../synthetic-facts'

export const AS_OF = '2026-11-24'

type Line = Record<string, unknown>

const envelope = (kind: string, source: string, sourceId: string, subject: Record<string, string>, recordedAt: string): Line => ({
  kind,
  source,
  sourceId,
  subject,
  recordedAt,
})

export const CANARY = {
  givenName: 'Ysoldecanary',
  familyName: 'Quillfeathercanary',
  dateOfBirth: '2012-05-14',
  upn: upnOf(424242),
} as const

const child = (childId: string, dateOfBirth: string, upn: string, names = false): Line => ({
  ...envelope('child', 'social_care', `SC-${childId}`, { childId }, '2024-05-01T09:00:00Z'),
  childId,
  dateOfBirth,
  sex: 'F',
  locality: 'North',
  upn,
  ...(names ? { givenName: CANARY.givenName, familyName: CANARY.familyName } : {}),
})

const missing = (sourceId: string, subject: Record<string, string>, start: string, end: string | null, recordedAt: string, category = 'missing'): Line => ({
  ...envelope('missing_episode', 'police', sourceId, subject, recordedAt),
  start,
  end,
  category,
})

const drugs = (sourceId: string, subject: Record<string, string>, reportedOn: string): Line => ({
  ...envelope('drug_intelligence', 'police', sourceId, subject, `${reportedOn}T12:00:00Z`),
  reportedOn,
  category: 'supply',
  grading: 'R/B',
  handlingCode: 'P',
})

const ace = (sourceId: string, subject: Record<string, string>, identifiedOn: string): Line => ({
  ...envelope('ace_indicator', 'early_help', sourceId, subject, `${identifiedOn}T12:00:00Z`),
  category: 'domestic_abuse',
  identifiedOn,
})

const withdrawal = (kind: string, source: string, sourceId: string, subject: Record<string, string>, recordedAt: string): Line => ({
  ...envelope(kind, source, sourceId, subject, recordedAt),
  withdrawn: true,
})

const KEEP = { childId: 'C-KEEP' }
const AGED = { childId: 'C-AGED' }
const STAYS = { childId: 'C-STAYS' }

/** Received 2024-06-01: child records, and what goes by the day it arrived. */
export const EARLY_LINES: readonly Line[] = [
  child('C-KEEP', CANARY.dateOfBirth, CANARY.upn, true),
  // 18 on 2024-11-23: aged out. 18 on 2024-11-24: not yet.
  child('C-AGED', '2006-11-23', upnOf(424243)),
  child('C-STAYS', '2006-11-24', upnOf(424244)),
  // No child has this UPN: unmatched since 2024-06-01.
  ace('U-OLD', { upn: upnOf(424299) }, '2024-05-01'),
  // An exclusion withdrawn on arrival (2024-06-01): both versions go.
  {
    ...envelope('exclusion', 'education', 'W-OLD', KEEP, '2024-03-02T09:00:00Z'),
    schoolUrn: '100001',
    type: 'suspension',
    start: '2024-03-01',
    sessions: 2,
    reason: 'DB',
  },
  withdrawal('exclusion', 'education', 'W-OLD', KEEP, '2024-03-05T09:00:00Z'),
]

/** Received 2026-11-20. */
export const LATE_LINES: readonly Line[] = [
  // Ended 2024-11-23 (London): past P2Y, with its correction.
  missing('M-OLD', KEEP, '2024-11-22T18:00:00Z', '2024-11-23T12:00:00Z', '2024-11-23T13:00:00Z'),
  missing('M-OLD', KEEP, '2024-11-22T18:00:00Z', '2024-11-23T12:00:00Z', '2024-11-24T09:00:00Z', 'away'),
  // Ended 2024-11-24 in London: kept.
  missing('M-EDGE', { upn: CANARY.upn }, '2024-11-23T20:00:00Z', '2024-11-24T00:30:00Z', '2024-11-24T09:00:00Z'),
  // Open since 2022: kept while open.
  missing('M-OPEN', KEEP, '2022-01-01T10:00:00Z', null, '2022-01-01T11:00:00Z'),
  drugs('D-OLD', KEEP, '2025-11-23'),
  drugs('D-EDGE', KEEP, '2025-11-24'),
  // With the child: an old ACE and an old youth justice outcome stay.
  ace('ACE-OLD', KEEP, '2015-01-01'),
  {
    ...envelope('youth_justice_outcome', 'youth_justice', 'YJ-OLD', KEEP, '2023-01-02T09:00:00Z'),
    occurredOn: '2023-01-01',
    outcome: 'youth_caution',
    offenceCategory: 'theft',
  },
  // Old intelligence withdrawn on arrival today-ish: kept for a year from the withdrawal.
  drugs('W-NEW', KEEP, '2020-01-01'),
  withdrawal('drug_intelligence', 'police', 'W-NEW', KEEP, '2026-11-19T09:00:00Z'),
  // The aged-out child's facts go with the child, however recent.
  missing('M-AGED', AGED, '2026-10-01T18:00:00Z', '2026-10-02T08:00:00Z', '2026-10-02T09:00:00Z'),
  missing('M-AGED-OLD', AGED, '2024-11-20T18:00:00Z', '2024-11-21T08:00:00Z', '2024-11-21T09:00:00Z'),
  ace('ACE-AGED', AGED, '2016-01-01'),
  drugs('D-STAYS', STAYS, '2026-10-01'),
  // Unmatched since 2026-11-20: kept.
  ace('U-NEW', { upn: upnOf(424298) }, '2026-11-01'),
]

/** Facts, versions and children the defaults erase from this city as of AS_OF. */
export const EXPECTED = {
  facts: 8,
  versions: 10,
  byReason: { period: 3, child: 4, unmatched: 1 },
  byKind: { missing_episode: 3, drug_intelligence: 1, exclusion: 1, ace_indicator: 2, child: 1 },
  children: 1,
  audit: 2,
  erased: ['M-OLD', 'D-OLD', 'W-OLD', 'U-OLD', 'SC-C-AGED', 'M-AGED', 'M-AGED-OLD', 'ACE-AGED'],
  kept: ['SC-C-KEEP', 'SC-C-STAYS', 'M-EDGE', 'M-OPEN', 'D-EDGE', 'ACE-OLD', 'YJ-OLD', 'W-NEW', 'D-STAYS', 'U-NEW'],
} as const

const ingest = async (db: Kysely<Database>, lines: readonly Line[], receivedAt: string): Promise<void> => {
  const result = await ingestBatch(db, batchOf(lines), { receivedAt, label: 'retention-seed' })
  if (E.isLeft(result)) throw new Error(`seed refused: ${result.left.map((e) => e.message).join('; ')}`)
}

export const compiledRules = () => {
  const rules = loadRulesOrProblems()
  if (E.isLeft(rules)) throw new Error(rules.left.join('\n'))
  return compileRuleSet(rules.right)
}

/**
 * Stores the city, scores every child as of 2024-11-23 (so C-KEEP's stored
 * flags cite M-OLD), records a cohort and writes audit rows on both sides of
 * the audit cutoff.
 */
export const seedRetentionCity = async (db: Kysely<Database>): Promise<void> => {
  await ingest(db, EARLY_LINES, '2024-06-01T09:00:00.000Z')
  await ingest(db, LATE_LINES, '2026-11-20T09:00:00.000Z')
  await scoreChildren(db, compiledRules(), ['C-AGED', 'C-KEEP', 'C-STAYS'], {
    asOf: '2024-11-23',
    evaluatedAt: '2024-11-23T20:00:00.000Z',
  })
  await storeCohortMembership(db, {
    cohort: 'missing-pilot',
    asOf: '2024-11-23',
    evaluatedAt: '2024-11-23T20:00:00.000Z',
    childIds: ['C-AGED', 'C-KEEP'],
  })
  for (const at of ['2019-06-01T10:00:00.000Z', '2020-11-23T23:59:00.000Z', '2020-11-24T00:00:00.000Z', '2026-11-01T10:00:00.000Z']) {
    await db
      .insertInto('audit_event')
      .values({ at, sub: 'mash-user', role: 'mash', route: 'GET /children/:childId/flags', child_ids: ['C-KEEP'], outcome: 'ok', request_id: 'r' })
      .execute()
  }
}
