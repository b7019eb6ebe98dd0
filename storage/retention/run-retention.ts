/**
 * One retention run (SPEC §5 `retention [--dry-run]`; RELIABILITY P3, R9).
 *
 * 1. In one transaction, under the ingest and scoring locks (so no batch or
 *    scoring interleaves): note what is past retention, delete it with
 *    everything that rested on it, compact flag and cohort history, delete
 *    the audit log past its period, and write the run record (counts only).
 *    A dry run does exactly the same and then rolls back: its counts are
 *    what a run would delete, and nothing is deleted.
 * 2. After commit, the children who lost a fact, and any child whose stored
 *    flags still cite a fact no longer held (a run stopped before this step),
 *    are scored again as of the run's day, so no stored flag's evidence names
 *    an erased record. Scoring is passed in (`rescore`): storage does not
 *    depend on the engine's scoring. Then the run record is completed.
 *
 * Idempotent: what a run deletes is past retention by the same test the next
 * run applies, so a second run on the same day deletes nothing.
 */
import { sql, type Kysely, type Transaction } from 'kysely'
import { describePolicy, type RetentionPolicy } from '../../config/retention'
import type { IsoDate } from '../../engine/facts/fact'
import type { Database } from '../database/database'
import { allowLongStatements, LOCK_KEY, takeTransactionLock } from '../database/long-transaction'
import { compactHistory } from './compact-history'
import { retentionCutoffs, type RetentionCutoffs } from './cutoffs'
import { eraseAudit } from './erase-audit'
import { erasePlanned, type ChildTable } from './erase-planned'
import { childrenLosingFacts, createErasurePlan, planErasure, type ErasureReason } from './erasure-plan'
import type { RetentionTables } from './retention-run.table'
import { childrenWithStaleEvidence } from './stale-evidence'

/** What a run deleted (or a dry run would delete): counts only, never what. */
export interface ErasureCounts {
  /** Facts (each with all its versions). */
  readonly facts: number
  readonly factsByKind: Readonly<Record<string, number>>
  readonly factsByReason: Readonly<Record<ErasureReason, number>>
  /** Of those, facts no child record identified. */
  readonly unmatched: number
  /** Rows deleted per table. */
  readonly rows: Readonly<Record<'fact_version' | ChildTable | 'audit_event', number>>
  /** Children still held whose flags are scored again. */
  readonly toRescore: number
  /** Audit rows past their period that this database role may not delete (./erase-audit). */
  readonly auditNotErased: number
}

export interface RetentionOptions {
  /** The day the run is for (today in Europe/London, read once at the edge). */
  readonly asOf: IsoDate
  /** The instant it started, ISO UTC. */
  readonly startedAt: string
  readonly dryRun: boolean
}

export interface RetentionOutcome {
  /** The run record; `null` for a dry run (nothing was recorded). */
  readonly runId: string | null
  readonly cutoffs: RetentionCutoffs
  readonly counts: ErasureCounts
  /** Children scored again after the erasure (0 on a dry run). */
  readonly rescored: number
}

/** Scores the given children again (and stores their flags); answers how many it scored. */
export type Rescore = (childIds: readonly string[]) => Promise<number>

interface Erased {
  readonly counts: ErasureCounts
  readonly rescore: readonly string[]
  readonly runId: string | null
}

class DryRunRollback extends Error {
  constructor(readonly erased: Erased) {
    super('dry run: rolled back')
  }
}

const sortedUnion = (a: readonly string[], b: readonly string[]): readonly string[] => [...new Set([...a, ...b])].sort()

const erase = async (trx: Transaction<Database>, policy: RetentionPolicy, cutoffs: RetentionCutoffs, options: RetentionOptions): Promise<Erased> => {
  await allowLongStatements(trx)
  await takeTransactionLock(trx, LOCK_KEY.ingest)
  await takeTransactionLock(trx, LOCK_KEY.scoring)
  await createErasurePlan(trx)
  const plan = await planErasure(trx, cutoffs)
  const losing = await childrenLosingFacts(trx)
  const deleted = await erasePlanned(trx)
  const history = await compactHistory(trx, cutoffs.flagHistory)
  const audit = await eraseAudit(trx, cutoffs.audit)
  const rescore = sortedUnion(losing, await childrenWithStaleEvidence(trx))
  const counts: ErasureCounts = {
    facts: plan.facts,
    factsByKind: plan.factsByKind,
    factsByReason: plan.factsByReason,
    unmatched: plan.unmatched,
    rows: {
      fact_version: deleted.versions,
      ...deleted.byChild,
      flag_event: deleted.byChild.flag_event + history.flagEvents,
      cohort_event: deleted.byChild.cohort_event + history.cohortEvents,
      audit_event: audit.deleted,
    },
    toRescore: rescore.length,
    auditNotErased: audit.notErased,
  }
  if (options.dryRun) return { counts, rescore, runId: null }
  const run = await trx
    .withTables<RetentionTables>()
    .insertInto('retention_run')
    .values({
      started_at: options.startedAt,
      as_of: options.asOf,
      status: 'erased',
      policy: JSON.stringify(describePolicy(policy)),
      counts: JSON.stringify(counts),
      finished_at: null,
      rescored: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return { counts, rescore, runId: run.id }
}

export const runRetention = async (
  db: Kysely<Database>,
  policy: RetentionPolicy,
  options: RetentionOptions,
  rescore: Rescore,
): Promise<RetentionOutcome> => {
  const cutoffs = retentionCutoffs(policy, options.asOf)
  let erased: Erased
  try {
    erased = await db.transaction().execute(async (trx) => {
      const result = await erase(trx, policy, cutoffs, options)
      if (options.dryRun) throw new DryRunRollback(result)
      return result
    })
  } catch (error) {
    if (!(error instanceof DryRunRollback)) throw error
    return { runId: null, cutoffs, counts: error.erased.counts, rescored: 0 }
  }
  const rescored = erased.rescore.length === 0 ? 0 : await rescore(erased.rescore)
  if (erased.runId !== null) {
    await db
      .withTables<RetentionTables>()
      .updateTable('retention_run')
      .set({ status: 'completed', rescored, finished_at: sql<string>`clock_timestamp()` })
      .where('id', '=', erased.runId)
      .execute()
  }
  return { runId: erased.runId, cutoffs, counts: erased.counts, rescored }
}
