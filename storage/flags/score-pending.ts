/**
 * The marks of children to score again (migration 07): written by ingest in
 * its transaction (storage/ingest/finish-batch), read and cleared by whoever scores after it. Clearing
 * takes exactly the marks that were read: a mark a later batch left on the
 * same child meanwhile (a newer run) stays for the next pass. A store of
 * flags handed the marks read (`MarksToClear`) clears its children's in the
 * transaction that stores their flags.
 */
import { sql, type Kysely } from 'kysely'
import type { Database } from '../database/database'

export interface PendingMark {
  readonly childId: string
  readonly runId: string
}

/** Every mark, in childId order. */
export const pendingMarks = async (db: Kysely<Database>): Promise<readonly PendingMark[]> => {
  const { rows } = await sql<{ child_id: string; run_id: string }>`
    SELECT child_id, ingest_run_id::text AS run_id FROM score_pending ORDER BY child_id
  `.execute(db)
  return rows.map((r) => ({ childId: r.child_id, runId: r.run_id }))
}

/**
 * The marks a scoring pass read, for the stores of its flags to clear
 * (storage/flags/store-evaluations): each store takes its children's marks
 * and deletes them in the statement that stores those children's flags,
 * so a mark goes exactly when its flags are stored, with one commit for
 * both (a POST's scoring committed twice before, then took a statement of
 * its own for the marks). What no store took, a
 * child with no record any more among them, is `left`, for the pass to clear.
 */
export class MarksToClear {
  readonly #byChild: Map<string, PendingMark>

  constructor(marks: readonly PendingMark[]) {
    this.#byChild = new Map(marks.map((m) => [m.childId, m]))
  }

  /** The marks of these children still to clear. */
  of(childIds: readonly string[]): readonly PendingMark[] {
    const marks: PendingMark[] = []
    for (const childId of childIds) {
      const mark = this.#byChild.get(childId)
      if (mark !== undefined) marks.push(mark)
    }
    return marks
  }

  /** Told once the transaction that deleted these marks has committed. */
  cleared(marks: readonly PendingMark[]): void {
    for (const m of marks) if (this.#byChild.get(m.childId) === m) this.#byChild.delete(m.childId)
  }

  /** The marks no committed store has cleared. */
  get left(): readonly PendingMark[] {
    return [...this.#byChild.values()]
  }
}

export const clearScorePending = async (db: Kysely<Database>, marks: readonly PendingMark[]): Promise<void> => {
  if (marks.length === 0) return
  await sql`
    DELETE FROM score_pending p
    USING unnest(${marks.map((m) => m.childId)}::text[], ${marks.map((m) => m.runId)}::bigint[]) AS m(child_id, run_id)
    WHERE p.child_id = m.child_id AND p.ingest_run_id = m.run_id
  `.execute(db)
}

/**
 * Scores the marked children with `score`, which stores their flags and
 * hands `clearing` to those stores, then clears what they left of the marks
 * it read (nothing, when every child was stored). A failure leaves the marks
 * of every child whose flags were not stored for the next pass.
 */
export const scorePendingChildren = async (
  db: Kysely<Database>,
  score: (childIds: readonly string[], clearing: MarksToClear) => Promise<unknown>,
): Promise<readonly string[]> => {
  const marks = await pendingMarks(db)
  const childIds = marks.map((m) => m.childId)
  if (childIds.length === 0) return childIds
  const clearing = new MarksToClear(marks)
  await score(childIds, clearing)
  await clearScorePending(db, clearing.left)
  return childIds
}
