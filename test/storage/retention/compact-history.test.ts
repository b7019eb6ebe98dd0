import fc from 'fast-check'
import { sql, type Kysely } from 'kysely'
import t from 'tap'
import { addDays } from '../../../engine/time/calendar'
import { cohortMembersOn } from '../../../storage/cohorts/cohort-members-on'
import type { Database } from '../../../storage/database/database'
import { flagsShownOn } from '../../../storage/flags/flags-shown-on'
import { compactHistory, type CompactedHistory } from '../../../storage/retention/compact-history'
import { openTestDatabase } from '../../helpers/database'

const CUTOFF = '2024-11-24'
const CHILDREN = ['C1', 'C2'] as const
const RULE_SET = { rule_set_id: 'default', rule_set_version: '1', rule_set_hash: 'h' }

interface FlagEventSeed {
  readonly childId: string
  readonly ruleId: string
  readonly event: 'raised' | 'cleared'
  /** Days from the cutoff. */
  readonly onDay: number
  readonly storedDay: number
  readonly minute: number
}

interface CohortEventSeed {
  readonly childId: string
  readonly event: 'entered' | 'left'
  readonly onDay: number
}

const storedAt = (day: number, minute: number): string => `${addDays(CUTOFF, day)}T${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00.000Z`

const insertHistory = async (db: Kysely<Database>, flags: readonly FlagEventSeed[], cohorts: readonly CohortEventSeed[]): Promise<void> => {
  await sql`DELETE FROM flag_event`.execute(db)
  await sql`DELETE FROM cohort_event`.execute(db)
  if (flags.length > 0) {
    await db
      .insertInto('flag_event')
      .values(flags.map((e) => ({ child_id: e.childId, rule_id: e.ruleId, event: e.event, on_date: addDays(CUTOFF, e.onDay), evaluated_at: storedAt(e.storedDay, e.minute), ...RULE_SET })))
      .execute()
  }
  const always = CHILDREN.map((childId) => ({ cohort: 'exploitation', childId, event: 'entered' as const, onDay: -400 }))
  await db
    .insertInto('cohort_event')
    .values(
      [...cohorts.map((e) => ({ ...e, cohort: 'missing-pilot' })), ...always].map((e) => ({
        cohort: e.cohort,
        child_id: e.childId,
        event: e.event,
        on_date: addDays(CUTOFF, e.onDay),
        evaluated_at: storedAt(e.onDay, 0),
      })),
    )
    .execute()
}

const DAYS_FROM_CUTOFF = [0, 1, 3] as const

/** Every answer the history gives about a day from the cutoff on, both ways it is replayed. */
const replays = async (db: Kysely<Database>): Promise<unknown> => {
  const answers: unknown[] = []
  for (const day of DAYS_FROM_CUTOFF) {
    const date = addDays(CUTOFF, day)
    for (const childId of CHILDREN) answers.push(await flagsShownOn(db, childId, date))
    answers.push(await cohortMembersOn(db, 'missing-pilot', date))
    // Both children are always members here, so this replays their flags by as-of date.
    answers.push(await cohortMembersOn(db, 'exploitation', date))
  }
  return answers
}

const compact = (db: Kysely<Database>): Promise<CompactedHistory> => db.transaction().execute((trx) => compactHistory(trx, CUTOFF))

const flagEventSeed = fc.record({
  childId: fc.constantFrom(...CHILDREN),
  ruleId: fc.constantFrom('R1', 'R2'),
  event: fc.constantFrom('raised' as const, 'cleared' as const),
  onDay: fc.integer({ min: -6, max: 3 }),
  storedDay: fc.integer({ min: -6, max: 3 }),
  minute: fc.integer({ min: 0, max: 1439 }),
})

const cohortEventSeed = fc.record({
  childId: fc.constantFrom(...CHILDREN),
  event: fc.constantFrom('entered' as const, 'left' as const),
  onDay: fc.integer({ min: -6, max: 3 }),
})

t.test('compaction changes no answer about a day from the cutoff on, and a second pass removes nothing', async (t) => {
  const db = await openTestDatabase(t)
  let removed = 0
  await fc.assert(
    fc.asyncProperty(fc.array(flagEventSeed, { maxLength: 14 }), fc.array(cohortEventSeed, { maxLength: 8 }), async (flags, cohorts) => {
      await insertHistory(db, flags, cohorts)
      const before = await replays(db)
      const first = await compact(db)
      removed += first.flagEvents + first.cohortEvents
      const after = await replays(db)
      const second = await compact(db)
      return JSON.stringify(after) === JSON.stringify(before) && second.flagEvents === 0 && second.cohortEvents === 0
    }),
    { numRuns: 25, seed: 20261124 },
  )
  t.ok(removed > 0, `the histories generated had something to remove (${removed} rows)`)
})

t.test('what is left of old history: the latest raised flag or membership, nothing once cleared or left', async (t) => {
  const db = await openTestDatabase(t)
  const flag = (childId: string, event: 'raised' | 'cleared', day: number): FlagEventSeed => ({ childId, ruleId: 'R1', event, onDay: day, storedDay: day, minute: 600 })
  await insertHistory(
    db,
    [flag('C1', 'raised', -100), flag('C1', 'cleared', -50), flag('C1', 'raised', -30), flag('C2', 'raised', -100), flag('C2', 'cleared', -50)],
    [
      { childId: 'C1', event: 'entered', onDay: -100 },
      { childId: 'C1', event: 'left', onDay: -50 },
      { childId: 'C1', event: 'entered', onDay: -30 },
      { childId: 'C2', event: 'entered', onDay: -100 },
      { childId: 'C2', event: 'left', onDay: -50 },
    ],
  )
  t.same(await compact(db), { flagEvents: 4, cohortEvents: 4 })
  const flags = await sql<{ child_id: string; event: string; on_date: string }>`SELECT child_id, event, on_date FROM flag_event`.execute(db)
  t.same(flags.rows, [{ child_id: 'C1', event: 'raised', on_date: addDays(CUTOFF, -30) }])
  const cohorts = await sql<{ child_id: string; event: string }>`SELECT child_id, event FROM cohort_event WHERE cohort = 'missing-pilot'`.execute(db)
  t.same(cohorts.rows, [{ child_id: 'C1', event: 'entered' }])
  t.same((await flagsShownOn(db, 'C1', CUTOFF)).map((f) => f.since), [addDays(CUTOFF, -30)], 'the run keeps its start')
})
