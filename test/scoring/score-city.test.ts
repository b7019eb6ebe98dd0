import * as E from 'fp-ts/Either'
import { sql } from 'kysely'
import t from 'tap'
import { compileRuleSet, evaluateChild, factReach, readsFact } from '../../engine/evaluate'
import { toFlagsDocument, type FlagsDocument } from '../../engine/evaluate/evaluation'
import type { ChildFacts } from '../../engine/linking/child-facts'
import { defaultRulesDir, loadRuleSet } from '../../rules-loader/load-rule-set'
import { scoreCity, StoredFactsInvalid } from '../../scoring/score-city'
import { pendingMarks } from '../../storage/flags/score-pending'
import { loadStoredFlags } from '../../storage/flags/stored-flags'
import { openTestDatabase } from '../helpers/database'
import { REFERENCE_DATE, storeSmallCity } from './small-city'

const loaded = loadRuleSet(defaultRulesDir())
if (E.isLeft(loaded)) throw new Error('the shipped rule set does not load')
const ruleSet = loaded.right
const compiled = compileRuleSet(ruleSet)
const LATER = '2027-02-01'
/** Small pages, so a small city is many pages and the pipeline is exercised. */
const PAGE = 7

const stored = async (db: Parameters<typeof loadStoredFlags>[0], ids: readonly string[]): Promise<ReadonlyMap<string, FlagsDocument>> => {
  const documents = await loadStoredFlags(db, ids)
  if (E.isLeft(documents)) throw new Error('stored flags do not decode')
  return documents.right
}

const expected = (children: readonly ChildFacts[], asOf: string): FlagsDocument[] =>
  children.map((c) => toFlagsDocument(evaluateChild(compiled, c, asOf)))

const withoutSince = (d: FlagsDocument | undefined): unknown =>
  d === undefined ? undefined : { ...d, flags: d.flags.map(({ since: _since, ...f }) => f) }

t.test('every child is scored once, page after page, and stores what the file-based evaluation says', async (t) => {
  const db = await openTestDatabase(t)
  const children = await storeSmallCity(db, 40)
  const pages: number[] = []
  const summary = await scoreCity(db, ruleSet, compiled, {
    asOf: REFERENCE_DATE,
    evaluatedAt: '2026-11-24T07:00:00.000Z',
    pageSize: PAGE,
    onPage: (n) => pages.push(n),
  })
  t.equal(summary.children, children.length)
  t.same(pages, [7, 7, 7, 7, 7, 5], 'pages of the size asked, in order, each told once stored')
  const ids = children.map((c) => c.child.childId)
  const documents = await stored(db, ids)
  const want = expected(children, REFERENCE_DATE)
  t.ok(want.some((d) => d.flags.length > 0), 'the city raises flags')
  for (const doc of want) t.same(withoutSince(documents.get(doc.childId)), doc, `${doc.childId} as evaluated from the file`)
  t.equal(summary.raised, want.reduce((n, d) => n + d.flags.length, 0), 'each raised flag counted once')
  const tiers = want.reduce<Record<string, number>>((acc, d) => ({ ...acc, [d.tier]: (acc[d.tier] ?? 0) + 1 }), {})
  for (const [tier, n] of Object.entries(summary.tiers)) t.equal(n, tiers[tier] ?? 0, `children in tier ${tier}`)
})

t.test('a second run for the same date raises nothing and rewrites no row', async (t) => {
  const db = await openTestDatabase(t)
  await storeSmallCity(db, 25)
  const options = { asOf: REFERENCE_DATE, pageSize: PAGE }
  const first = await scoreCity(db, ruleSet, compiled, { ...options, evaluatedAt: '2026-11-24T07:00:00.000Z' })
  const events = async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM flag_event`.execute(db)).rows[0]?.n
  const before = await events()
  const second = await scoreCity(db, ruleSet, compiled, { ...options, evaluatedAt: '2026-11-24T08:00:00.000Z' })
  t.equal(second.children, first.children)
  t.same([second.raised, second.cleared], [0, 0])
  t.equal(await events(), before, 'no event appended')
  const rewritten = await sql<{ n: number }>`
    SELECT (SELECT count(*) FROM flag_state WHERE evaluated_at <> '2026-11-24T07:00:00Z')
         + (SELECT count(*) FROM child_score WHERE evaluated_at <> '2026-11-24T07:00:00Z') AS n
  `.execute(db)
  t.equal(Number(rewritten.rows[0]?.n), 0, 'every flag state and score is the row the first run wrote')
})

t.test('a later date: flags that stay keep their since, new ones start, cleared ones leave history', async (t) => {
  const db = await openTestDatabase(t)
  const children = await storeSmallCity(db, 40)
  await scoreCity(db, ruleSet, compiled, { asOf: REFERENCE_DATE, evaluatedAt: '2026-11-24T07:00:00.000Z', pageSize: PAGE })
  const later = await scoreCity(db, ruleSet, compiled, { asOf: LATER, evaluatedAt: '2027-02-01T07:00:00.000Z', pageSize: PAGE })
  const then = new Map(expected(children, REFERENCE_DATE).map((d) => [d.childId, new Set(d.flags.map((f) => f.id))]))
  const now = expected(children, LATER)
  t.ok(later.cleared > 0 || later.raised > 0, 'the date moved some flags')
  const documents = await stored(db, children.map((c) => c.child.childId))
  for (const doc of now) {
    const got = documents.get(doc.childId)
    t.same(withoutSince(got), doc, `${doc.childId} as evaluated from the file for the later date`)
    for (const f of got?.flags ?? []) {
      t.equal(f.since, then.get(doc.childId)?.has(f.id) === true ? REFERENCE_DATE : LATER, `${doc.childId} ${f.id} since`)
    }
  }
  const cleared = now.reduce((n, d) => n + [...(then.get(d.childId) ?? [])].filter((id) => !d.flags.some((f) => f.id === id)).length, 0)
  t.equal(later.cleared, cleared, 'each flag no longer raised is cleared once')
  const events = await sql<{ n: number }>`SELECT count(*)::int AS n FROM flag_event WHERE event = 'cleared' AND on_date = ${LATER}::date`.execute(db)
  t.equal(events.rows[0]?.n, cleared, 'and has its event')
})

/**
 * Spoils the stored content of one of the child's facts that the rules read
 * as of D (scoring reads no others: the test after next); the fact, or
 * undefined when the child has none.
 */
const spoilAFactTheRulesRead = async (db: Parameters<typeof loadStoredFlags>[0], child: ChildFacts | undefined) => {
  const reach = factReach(compiled, REFERENCE_DATE)
  const fact = child?.facts.find((f) => readsFact(reach, f))
  await sql`
    UPDATE fact_version SET content = (content::jsonb || '{"kind":"rumour"}'::jsonb)::json
    WHERE source = ${fact?.source ?? ''} AND source_id = ${fact?.sourceId ?? ''} AND is_current
  `.execute(db)
  return fact
}

t.test('a stored fact that does not decode stops the run; the pages before it are stored', async (t) => {
  const db = await openTestDatabase(t)
  const children = await storeSmallCity(db, 30)
  const fact = await spoilAFactTheRulesRead(db, children[23])
  t.ok(fact !== undefined, 'the fourth page has a child with a fact the rules read')
  const failure = await scoreCity(db, ruleSet, compiled, { asOf: REFERENCE_DATE, evaluatedAt: '2026-11-24T07:00:00.000Z', pageSize: PAGE }).then(
    () => undefined,
    (error: unknown) => error,
  )
  t.ok(failure instanceof StoredFactsInvalid, 'StoredFactsInvalid')
  t.same((failure as StoredFactsInvalid | undefined)?.tables, ['fact_version'], 'naming the table, not the row')
  const scored = await sql<{ n: number }>`SELECT count(*)::int AS n FROM child_score`.execute(db)
  t.equal(scored.rows[0]?.n, 21, 'the three pages before the bad one')
})

t.test('a run stopped part-way has cleared the marks of the pages it stored, and only those', async (t) => {
  const db = await openTestDatabase(t)
  const children = await storeSmallCity(db, 30)
  await spoilAFactTheRulesRead(db, children[23])
  const failure = await scoreCity(db, ruleSet, compiled, {
    asOf: REFERENCE_DATE,
    evaluatedAt: '2026-11-24T07:00:00.000Z',
    pageSize: PAGE,
    clearPendingMarks: true,
  }).then(
    () => undefined,
    (error: unknown) => error,
  )
  t.ok(failure instanceof StoredFactsInvalid, 'the bad page stops the run')
  const unscored = await sql<{ child_id: string }>`
    SELECT child_id FROM score_pending p WHERE NOT EXISTS (SELECT 1 FROM child_score s WHERE s.child_id = p.child_id) ORDER BY child_id
  `.execute(db)
  const left = await pendingMarks(db)
  t.equal(left.length, 9, 'the nine children of the bad page and after are still to score')
  t.same(left.map((m) => m.childId), unscored.rows.map((r) => r.child_id), 'each of them has no stored score')
})

t.test('a stored fact that does not decode but is older than every window the rules read is not read: the run goes on', async (t) => {
  const db = await openTestDatabase(t)
  const children = await storeSmallCity(db, 30)
  const reach = factReach(compiled, REFERENCE_DATE)
  const old = children.flatMap((c) => c.facts).find((f) => f.kind === 'attendance' && !readsFact(reach, f))
  t.ok(old !== undefined, 'the city has an attendance summary older than six weeks')
  await sql`
    UPDATE fact_version SET content = (content::jsonb || '{"source":""}'::jsonb)::json
    WHERE source = ${old?.source ?? ''} AND source_id = ${old?.sourceId ?? ''} AND is_current
  `.execute(db)
  const summary = await scoreCity(db, ruleSet, compiled, { asOf: REFERENCE_DATE, evaluatedAt: '2026-11-24T07:00:00.000Z', pageSize: PAGE })
  t.equal(summary.children, 30, 'every child scored')
  const got = await stored(db, children.map((c) => c.child.childId))
  t.same([...got.values()].map(withoutSince), expected(children, REFERENCE_DATE).map(withoutSince), 'as the file-based evaluation says')
})

t.test("asked to, a run clears the marks ingest left to score again: those there when it began", async (t) => {
  const db = await openTestDatabase(t)
  const children = await storeSmallCity(db, 20)
  const marked = await pendingMarks(db)
  t.equal(marked.length, children.length, 'ingest marked every child it changed')
  await scoreCity(db, ruleSet, compiled, { asOf: REFERENCE_DATE, evaluatedAt: '2026-11-24T07:00:00.000Z', pageSize: PAGE })
  t.same(await pendingMarks(db), marked, 'not asked: the marks stay')

  // A batch that commits while the run is going marks one child again, under its own run.
  const [first, second] = children.map((c) => c.child.childId)
  const later = String(Math.max(...marked.map((m) => Number(m.runId))) + 1)
  let remarking: Promise<void> | undefined
  await scoreCity(db, ruleSet, compiled, {
    asOf: REFERENCE_DATE,
    evaluatedAt: '2026-11-24T08:00:00.000Z',
    pageSize: PAGE,
    clearPendingMarks: true,
    onPage: () => {
      // As a batch's end marks them (storage/ingest/finish-batch).
      remarking ??= sql`
        INSERT INTO score_pending (child_id, ingest_run_id)
        SELECT id, ${later}::bigint FROM unnest(${[first ?? '', second ?? '']}::text[]) AS t(id)
        ON CONFLICT (child_id) DO UPDATE SET ingest_run_id = excluded.ingest_run_id
      `.execute(db).then(() => undefined)
    },
  })
  await remarking
  t.same(
    await pendingMarks(db),
    [first ?? '', second ?? ''].sort().map((childId) => ({ childId, runId: later })),
    "asked: the marks it read are gone; the later batch's stay for the next pass",
  )
})
