import * as E from 'fp-ts/Either'
import * as O from 'fp-ts/Option'
import { sql } from 'kysely'
import t from 'tap'
import { flagsShownOn } from '../../../storage/flags/flags-shown-on'
import { storeEvaluations } from '../../../storage/flags/store-evaluations'
import { storedFlags } from '../../../storage/flags/stored-flags'
import { openTestDatabase } from '../../helpers/database'
import { evaluationOf, flagOf, RULE_SET } from './evaluations'

t.test('stored flags carry the date their unbroken run began', async (t) => {
  const db = await openTestDatabase(t)
  await storeEvaluations(db, [evaluationOf('C1', '2024-03-01', ['MISSING_RECENT'])], { evaluatedAt: '2024-03-01T06:00:00.000Z' })
  await storeEvaluations(db, [evaluationOf('C1', '2024-03-02', ['MISSING_RECENT', 'MISSING_REPEAT'])], {
    evaluatedAt: '2024-03-02T06:00:00.000Z',
  })
  const stored = await storedFlags(db, 'C1')
  t.same(
    stored,
    E.right(
      O.some({
        childId: 'C1',
        asOf: '2024-03-02',
        ruleSet: RULE_SET,
        score: 6,
        tier: 'medium',
        flags: [
          { ...flagOf('MISSING_REPEAT', '2024-03-02'), since: '2024-03-02' },
          { ...flagOf('MISSING_RECENT', '2024-03-02'), since: '2024-03-01' },
        ],
      }),
    ),
  )
})

t.test('stored evidence reads back with its keys in the document order, as evaluated', async (t) => {
  const db = await openTestDatabase(t)
  await storeEvaluations(db, [evaluationOf('C1', '2024-03-01', ['COUNTY_LINES', 'MISSING_RECENT'])], {
    evaluatedAt: '2024-03-01T06:00:00.000Z',
  })
  const stored = await storedFlags(db, 'C1')
  if (E.isLeft(stored) || O.isNone(stored.right)) return t.fail('C1 has stored flags')
  // JSON text, not t.same: jsonb keeps keys shortest first, and `flags --json` prints what it is given.
  t.equal(
    JSON.stringify(stored.right.value.flags.map((f) => f.evidence)),
    JSON.stringify([flagOf('COUNTY_LINES', '2024-03-01').evidence, flagOf('MISSING_RECENT', '2024-03-01').evidence]),
  )
})

t.test('raised, cleared, raised again: a new run with a new since, and the history says so', async (t) => {
  const db = await openTestDatabase(t)
  const days = [
    ['2024-03-01', ['MISSING_RECENT']],
    ['2024-03-02', ['MISSING_RECENT']],
    ['2024-03-03', []],
    ['2024-03-04', ['MISSING_RECENT']],
  ] as const
  for (const [day, flags] of days) {
    await storeEvaluations(db, [evaluationOf('C1', day, flags)], { evaluatedAt: `${day}T06:00:00.000Z` })
  }
  const stored = await storedFlags(db, 'C1')
  t.same(
    E.map(O.map((d: { flags: readonly { since?: string }[] }) => d.flags.map((f) => f.since)))(stored),
    E.right(O.some(['2024-03-04'])),
  )
  const { rows } = await sql<{ event: string; on_date: string }>`
    SELECT event, on_date FROM flag_event WHERE child_id = 'C1' ORDER BY id
  `.execute(db)
  t.same(rows, [
    { event: 'raised', on_date: '2024-03-01' },
    { event: 'cleared', on_date: '2024-03-03' },
    { event: 'raised', on_date: '2024-03-04' },
  ])
})

t.test('storing the same evaluation again appends no events', async (t) => {
  const db = await openTestDatabase(t)
  const evaluation = evaluationOf('C1', '2024-03-01', ['MISSING_RECENT', 'COUNTY_LINES'])
  const first = await storeEvaluations(db, [evaluation], { evaluatedAt: '2024-03-01T06:00:00.000Z' })
  const second = await storeEvaluations(db, [evaluation], { evaluatedAt: '2024-03-01T07:00:00.000Z' })
  t.same(first, { children: 1, raised: 2, cleared: 0 })
  t.same(second, { children: 1, raised: 0, cleared: 0 })
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM flag_event`.execute(db)
  t.equal(rows[0]?.n, 2)
})

t.test('a child never scored has no stored document', async (t) => {
  const db = await openTestDatabase(t)
  t.same(await storedFlags(db, 'C404'), E.right(O.none))
})

t.test('many children in one call, each with its own history', async (t) => {
  const db = await openTestDatabase(t)
  const ids = Array.from({ length: 1500 }, (_, i) => `C${String(i).padStart(5, '0')}`)
  await storeEvaluations(
    db,
    ids.map((id, i) => evaluationOf(id, '2024-03-01', i % 2 === 0 ? ['MISSING_RECENT'] : [])),
    { evaluatedAt: '2024-03-01T06:00:00.000Z' },
  )
  const counts = await storeEvaluations(
    db,
    ids.map((id, i) => evaluationOf(id, '2024-03-02', i % 3 === 0 ? ['MISSING_RECENT'] : [])),
    { evaluatedAt: '2024-03-02T06:00:00.000Z' },
  )
  // Raised on day 2: multiples of 3 that are odd; cleared: even numbers that are not multiples of 3.
  const raised = ids.filter((_, i) => i % 3 === 0 && i % 2 !== 0).length
  const cleared = ids.filter((_, i) => i % 2 === 0 && i % 3 !== 0).length
  t.same(counts, { children: 1500, raised, cleared })
})

t.test('one evaluation per child per call', async (t) => {
  const db = await openTestDatabase(t)
  const e = evaluationOf('C1', '2024-03-01', [])
  await t.rejects(storeEvaluations(db, [e, e], { evaluatedAt: '2024-03-01T06:00:00.000Z' }), RangeError)
})

t.test('flagsShownOn answers what the system showed at the end of a London day', async (t) => {
  const db = await openTestDatabase(t)
  // Evaluations stored at 23:30 UTC on 31 March (00:30 on 1 April in London, summer time).
  await storeEvaluations(db, [evaluationOf('C1', '2024-03-30', ['MISSING_RECENT'])], { evaluatedAt: '2024-03-30T06:00:00.000Z' })
  await storeEvaluations(db, [evaluationOf('C1', '2024-04-01', ['MISSING_REPEAT'])], { evaluatedAt: '2024-03-31T23:30:00.000Z' })
  await storeEvaluations(db, [evaluationOf('C1', '2024-04-03', [])], { evaluatedAt: '2024-04-03T06:00:00.000Z' })

  t.same(await flagsShownOn(db, 'C1', '2024-03-29'), [], 'nothing before the first evaluation')
  t.same(await flagsShownOn(db, 'C1', '2024-03-31'), [{ id: 'MISSING_RECENT', since: '2024-03-30', ruleSet: RULE_SET }])
  t.same(
    await flagsShownOn(db, 'C1', '2024-04-01'),
    [{ id: 'MISSING_REPEAT', since: '2024-04-01', ruleSet: RULE_SET }],
    '00:30 London time on 1 April belongs to 1 April',
  )
  t.same(await flagsShownOn(db, 'C1', '2024-04-02'), [{ id: 'MISSING_REPEAT', since: '2024-04-01', ruleSet: RULE_SET }])
  t.same(await flagsShownOn(db, 'C1', '2024-04-03'), [])
})

t.test('a stored row that does not decode is reported, not passed on', async (t) => {
  const db = await openTestDatabase(t)
  await storeEvaluations(db, [evaluationOf('C1', '2024-03-01', ['MISSING_RECENT'])], { evaluatedAt: '2024-03-01T06:00:00.000Z' })
  await sql`UPDATE flag_state SET evidence = '[{"kind":"gossip"}]'::jsonb`.execute(db)
  const stored = await storedFlags(db, 'C1')
  t.ok(E.isLeft(stored))
  if (E.isLeft(stored)) t.match(stored.left, [{ _tag: 'StoredRowInvalid', table: 'flag_state', key: 'C1/MISSING_RECENT' }])
})

t.test('only what changed is written: an unchanged flag state or score keeps the row it had', async (t) => {
  const db = await openTestDatabase(t)
  const at = (hour: string) => `2024-03-01T${hour}:00:00.000Z`
  await storeEvaluations(db, [evaluationOf('C1', '2024-03-01', ['MISSING_RECENT', 'COUNTY_LINES']), evaluationOf('C2', '2024-03-01', [])], {
    evaluatedAt: at('06'),
  })
  const changed = evaluationOf('C1', '2024-03-01', ['MISSING_RECENT', 'COUNTY_LINES'])
  const explained = { ...changed, flags: changed.flags.map((f) => (f.id === 'COUNTY_LINES' ? { ...f, explanation: 'explained anew' } : f)) }
  await storeEvaluations(db, [explained, evaluationOf('C2', '2024-03-01', [])], { evaluatedAt: at('07') })
  const written = async (table: 'flag_state' | 'child_score') =>
    (await sql<{ key: string; evaluated_at: string }>`
      SELECT child_id || coalesce('/' || ${sql.raw(table === 'flag_state' ? 'rule_id' : 'NULL')}, '') AS key, evaluated_at
      FROM ${sql.table(table)} ORDER BY 1
    `.execute(db)).rows
  t.same(await written('flag_state'), [
    { key: 'C1/COUNTY_LINES', evaluated_at: at('07') },
    { key: 'C1/MISSING_RECENT', evaluated_at: at('06') },
  ], 'only the flag whose explanation changed is rewritten')
  t.same(await written('child_score'), [
    { key: 'C1', evaluated_at: at('06') },
    { key: 'C2', evaluated_at: at('06') },
  ], 'same date, score and tier: no score rewritten')
  const stored = await storedFlags(db, 'C1')
  t.same(E.map(O.map((d: { flags: readonly { explanation: string }[] }) => d.flags.map((f) => f.explanation)))(stored), E.right(O.some(['explained anew', 'MISSING_RECENT explained as of 2024-03-01'])))
  await storeEvaluations(db, [evaluationOf('C2', '2024-03-02', [])], { evaluatedAt: at('08') })
  t.same((await written('child_score')).map((r) => r.evaluated_at), [at('06'), at('08')], 'a new as-of date is a change')
})
