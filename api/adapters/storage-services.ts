/**
 * The ports that are storage and nothing more: ingest (and the scoring of
 * what it changed), the audit log, the unmatched list and the readiness ping.
 *
 * An ingest refused by storage because a child record claims a childId or an
 * identifier that another record holds is told to the `ingest` role as the
 * line and the field only (SPEC §2): the other record's source, id and line
 * are dropped here.
 */
import * as E from 'fp-ts/Either'
import { sql } from 'kysely'
import type { Kysely } from 'kysely'
import type { Database } from '../../storage/database/database'
import { ingestBatch } from '../../storage/ingest/ingest-batch'
import type { IngestError } from '../../storage/ingest/ingest-error'
import { listUnmatched } from '../../storage/unmatched'
import type { LineError } from '../../engine/batch/line-error'
import type { Clock } from '../clock'
import type { ApiServices } from '../services'
import { auditLogOver } from '../audit/audit-store'
import type { Logger } from 'pino'
import type { RuleSet } from '../../engine/rule-set/rule-set'
import { compileRuleSet, factReach } from '../../engine/evaluate/compile-rule-set'
import { evaluateChild } from '../../engine/evaluate/evaluate-child'
import { loadChildFacts } from '../../storage/facts/load-child-facts'
import { storeEvaluations } from '../../storage/flags/store-evaluations'
import { scorePendingChildren, type MarksToClear } from '../../storage/flags/score-pending'
import { todayInLondon } from '../clock'
import { StoredDataInvalid } from './storage-source'
import type { IngestJournal } from './ingest-journal'

export type StorageServices = Pick<ApiServices, 'ping' | 'ingest' | 'auditLog' | 'unmatched'>

export const conflictForIngestRole = (e: IngestError): LineError => ({
  line: e.line,
  path: e.identifierType,
  expected:
    e.identifierType === 'childId'
      ? 'a childId that no other child record holds'
      : `a ${e.identifierType} that does not belong to another child`,
})

/**
 * After a batch, the children it changed are scored as of today and their
 * flags stored (with history), so that lookups show current tiers and `since`
 * stays true. The batch is already committed by then: a scoring failure is
 * logged, not reported as a failed ingest, and its children stay marked
 * (storage/flags/score-pending) for the next batch to score; each child's
 * mark is cleared with its flags, by the store `clearing` is handed to.
 */
export type ScoreChildren = (childIds: readonly string[], clearing?: MarksToClear) => Promise<void>

export const scoreChildrenOver =
  (db: Kysely<Database>, ruleSet: RuleSet, clock: Clock): ScoreChildren => {
    const compiled = compileRuleSet(ruleSet)
    return async (childIds, clearing) => {
      const today = todayInLondon(clock)
      // Only the facts the rules can read today (engine/evaluate/fact-reach).
      const reach = factReach(compiled, today)
      for (let i = 0; i < childIds.length; i += SCORE_CHUNK) {
        const loaded = await loadChildFacts(db, childIds.slice(i, i + SCORE_CHUNK), reach)
        if (E.isLeft(loaded)) throw new StoredDataInvalid([...new Set(loaded.left.map((p) => p.table))])
        const evaluations = loaded.right.map((child) => evaluateChild(compiled, child, today))
        await storeEvaluations(db, evaluations, {
          evaluatedAt: new Date(clock.now()).toISOString(),
          ...(clearing === undefined ? {} : { clearing }),
        })
      }
    }
  }

const SCORE_CHUNK = 1000

export const storageServices = (
  db: Kysely<Database>,
  clock: Clock,
  defaultIssuer: string,
  scoreChildren: ScoreChildren,
  logger: Pick<Logger, 'error'>,
  journal?: IngestJournal,
): StorageServices => ({
  ping: async () => {
    await sql`select 1`.execute(db)
  },
  ingest: async (facts) => {
    const result = await ingestBatch(db, facts, { receivedAt: new Date(clock.now()).toISOString(), label: 'api' })
    if (E.isLeft(result)) return { _tag: 'Rejected', errors: result.left.map(conflictForIngestRole) }
    journal?.record(result.right.runId, [...result.right.changedChildIds, ...result.right.removedChildIds])
    try {
      // The children this batch changed, and any an earlier batch committed but never scored.
      await scorePendingChildren(db, scoreChildren)
    } catch (err) {
      logger.error({ err, event: 'scoring_after_ingest_failed', children: result.right.changedChildIds.length }, 'scoring after ingest failed')
    }
    return { _tag: 'Ingested', counts: result.right.counts }
  },
  auditLog: auditLogOver(db, defaultIssuer),
  unmatched: async ({ limit, cursor }) => {
    const page = await listUnmatched(db, { limit, ...(cursor === undefined ? {} : { cursor }) })
    if (E.isLeft(page)) return { _tag: 'BadCursor' }
    return {
      _tag: 'Page',
      facts: page.right.items.map((f) => ({
        kind: f.kind,
        source: f.source,
        sourceId: f.sourceId,
        identifierType: f.identifierType,
        arrivedAt: f.receivedAt,
      })),
      nextCursor: page.right.nextCursor,
    }
  },
})
