/**
 * The cohort cache gives exactly the rows one computation over every child
 * gives (the engine's `cohortRows`), whatever the cohort, date, range or
 * locality; computes a cohort once per data version; brings a stale cohort
 * up to date from the children an API ingest changed, and recomputes it when
 * a run it does not know of committed; and refuses work beyond its queue.
 */
import t from 'tap'
import * as E from 'fp-ts/Either'
import { cohortRows } from '../../../engine/cohorts/cohort-rows'
import type { CohortRow } from '../../../engine/cohorts/cohort-row'
import { compileRuleSet } from '../../../engine/evaluate/compile-rule-set'
import type { ChildFacts } from '../../../engine/linking/child-facts'
import type { CohortDefinition } from '../../../engine/rule-set/cohort-definition'
import { generateCity } from '../../../fixtures/city/generate-city'
import { cohortCache, type CohortAt } from '../../../api/adapters/cohort-cache'
import type { ChildSource } from '../../../api/adapters/child-source'
import { ingestJournal } from '../../../api/adapters/ingest-journal'
import { memorySource } from '../fixtures/memory-source'
import { shippedRuleSet } from '../helper'

const TODAY = '2026-11-24'
const ruleSet = shippedRuleSet()
const compiled = compileRuleSet(ruleSet)
const CITY = [...generateCity({ children: 400, seed: 'cohort-cache', referenceDate: TODAY })]
const cohortNamed = (name: string): CohortDefinition => {
  const found = ruleSet.cohorts.find((c) => c.name === name)
  if (found === undefined) throw new Error(`no cohort ${name}`)
  return found
}

/** Every child of a source, in one list (what one computation over the city sees). */
const everyone = async (source: ChildSource): Promise<ChildFacts[]> => {
  const all: ChildFacts[] = []
  for await (const page of source.childPages()) all.push(...page)
  return all
}

const expected = async (source: ChildSource, definition: CohortDefinition, at: CohortAt): Promise<readonly CohortRow[]> => {
  const rows = cohortRows(compiled, definition, await everyone(source), at)
  if (E.isLeft(rows)) throw new Error('bad parameters in the test')
  return rows.right
}

/** A source whose data can be replaced (a committed run), counting what the cache asks of it. */
const changingSource = (lines: readonly string[]) => {
  let current = memorySource(lines)
  let version = 1
  const committed: string[] = ['1']
  const calls = { passes: 0, loaded: [] as string[][] }
  const source: ChildSource = {
    ...current,
    childFacts: (id) => current.childFacts(id),
    childrenFacts: (ids) => {
      calls.loaded.push([...ids].sort())
      return current.childrenFacts(ids)
    },
    childPages: () => {
      calls.passes += 1
      return current.childPages()
    },
    dataVersion: async () => String(version),
    runsAfter: async (after) => committed.filter((id) => BigInt(id) > BigInt(after)),
  }
  const commit = (next: readonly string[]): string => {
    current = memorySource(next)
    version += 1
    committed.push(String(version))
    return String(version)
  }
  /** The data as it is now, without counting (what the test compares with). */
  const data = (): ChildSource => current
  return { source, calls, commit, data }
}

const rowsOf = (answer: Awaited<ReturnType<ReturnType<typeof cohortCache>['rows']>>): readonly CohortRow[] => {
  if (answer._tag !== 'Rows') throw new Error(`expected rows, got ${answer._tag}`)
  return answer.rows
}

t.test('the same rows as one computation over every child, for every cohort and several dates', async (t) => {
  const { source } = changingSource(CITY)
  const cache = cohortCache(compiled, source, ingestJournal())
  const cases: [string, CohortAt][] = [
    ['missing-pilot', { asOf: TODAY }],
    ['missing-pilot', { asOf: '2026-08-01' }],
    ['lac-attendance', { asOf: TODAY }],
    ['exploitation', { asOf: TODAY }],
    ['first-time-entrants', { asOf: TODAY, from: '2025-11-25', to: TODAY }],
    ['first-time-entrants', { asOf: TODAY, from: '2024-01-01', to: '2025-06-30' }],
  ]
  for (const [name, at] of cases) {
    const definition = cohortNamed(name)
    const want = await expected(source, definition, at)
    t.same(rowsOf(await cache.rows(definition, at)), want, `${name} as of ${at.asOf} (${want.length} rows)`)
  }
  const someRows = (await expected(source, cohortNamed('lac-attendance'), { asOf: TODAY })).length
  t.ok(someRows > 0, 'the city has looked-after children, so the comparison says something')
})

t.test('a cohort whose order reads a column it does not show merges pages in the same order', async (t) => {
  const { source } = changingSource(CITY)
  const cache = cohortCache(compiled, source, ingestJournal())
  const lac = cohortNamed('lac-attendance')
  // Sorted by attendance but showing only suspensions: the sort column is computed, then dropped.
  const hidden: CohortDefinition = { ...lac, name: 'lac-hidden', columns: ['suspensionsThisYear'] }
  const want = await expected(source, hidden, { asOf: TODAY })
  const got = rowsOf(await cache.rows(hidden, { asOf: TODAY }))
  t.same(got, want)
  t.ok(got.every((r) => Object.keys(r.columns).join() === 'suspensionsThisYear'), 'only the shown column')
})

t.test('a cohort is computed once per data version, and cohorts asked for together share one pass', async (t) => {
  const { source, calls } = changingSource(CITY)
  const cache = cohortCache(compiled, source, ingestJournal())
  const [pilot, lac] = [cohortNamed('missing-pilot'), cohortNamed('lac-attendance')]
  await Promise.all([cache.rows(pilot, { asOf: TODAY }), cache.rows(lac, { asOf: TODAY })])
  t.equal(calls.passes, 1, 'one pass for both')
  await cache.rows(pilot, { asOf: TODAY })
  await cache.rows(lac, { asOf: TODAY })
  t.equal(calls.passes, 1, 'then read from the cache')
  await cache.warm([{ definition: pilot, at: { asOf: TODAY } }])
  t.equal(calls.passes, 1, 'warming a current cohort does nothing')
})

t.test('warming brings a stale cohort up to date ahead of the next request', async (t) => {
  const { source, calls, commit, data } = changingSource(CITY)
  const cache = cohortCache(compiled, source, ingestJournal())
  const pilot = cohortNamed('missing-pilot')
  await cache.warm([{ definition: pilot, at: { asOf: TODAY } }])
  const outsider = (await everyone(data())).map((c) => c.child.childId).find((id) => id.endsWith('7'))
  commit([...CITY, ...openEpisodes([outsider ?? ''])])
  await cache.warm([{ definition: pilot, at: { asOf: TODAY } }])
  t.equal(calls.passes, 2, 'the stale cohort computed again by the warm-up')
  t.same(rowsOf(await cache.rows(pilot, { asOf: TODAY })), await expected(data(), pilot, { asOf: TODAY }))
  t.equal(calls.passes, 2, 'the request then finds it current')
})

/** Lines that put two children into the missing pilot today: an open missing episode each. */
const openEpisodes = (childIds: readonly string[]): string[] =>
  childIds.map((childId, i) =>
    JSON.stringify({
      kind: 'missing_episode',
      source: 'police',
      sourceId: `CACHE-TEST-${i}`,
      subject: { childId },
      recordedAt: '2026-11-24T09:00:00Z',
      start: '2026-11-23T20:00:00Z',
      end: null,
      category: 'missing',
    }),
  )

t.test('after an API ingest, only the children it changed are computed again, with the same answer', async (t) => {
  const { source, calls, commit, data } = changingSource(CITY)
  const journal = ingestJournal()
  const cache = cohortCache(compiled, source, journal)
  const pilot = cohortNamed('missing-pilot')
  const before = rowsOf(await cache.rows(pilot, { asOf: TODAY }))
  const outsiders = (await everyone(data())).map((c) => c.child.childId).filter((id) => !before.some((r) => r.childId === id))
  const changed = outsiders.slice(0, 2)
  journal.record(commit([...CITY, ...openEpisodes(changed)]), changed)
  const after = rowsOf(await cache.rows(pilot, { asOf: TODAY }))
  t.same(after, await expected(data(), pilot, { asOf: TODAY }), 'equal to a full computation on the new data')
  t.ok(changed.every((id) => after.some((r) => r.childId === id)), 'the two children entered the cohort')
  t.equal(calls.passes, 1, 'no second pass over every child')
  t.same(calls.loaded, [[...changed].sort()], 'only the changed children were loaded')
})

t.test('after a run this process did not make (the CLI), the cohort is computed again over every child', async (t) => {
  const { source, calls, commit, data } = changingSource(CITY)
  const cache = cohortCache(compiled, source, ingestJournal())
  const pilot = cohortNamed('missing-pilot')
  const before = rowsOf(await cache.rows(pilot, { asOf: TODAY }))
  const outsider = (await everyone(data())).map((c) => c.child.childId).find((id) => !before.some((r) => r.childId === id))
  commit([...CITY, ...openEpisodes([outsider ?? ''])])
  const after = rowsOf(await cache.rows(pilot, { asOf: TODAY }))
  t.same(after, await expected(data(), pilot, { asOf: TODAY }))
  t.equal(after.length, before.length + 1, 'the new member is there')
  t.equal(calls.passes, 2, 'a second full pass')
})

t.test('beyond its queue the cache answers Busy instead of queueing more passes', async (t) => {
  const { source } = changingSource(CITY)
  let release: () => void = () => undefined
  const gate = new Promise<void>((resolve) => {
    release = resolve
  })
  const slow: ChildSource = {
    ...source,
    childPages: async function* () {
      await gate
      yield* source.childPages()
    },
  }
  const cache = cohortCache(compiled, slow, ingestJournal(), { maxQueued: 1 })
  const pilot = cohortNamed('missing-pilot')
  const first = cache.rows(pilot, { asOf: TODAY })
  await new Promise((resolve) => setImmediate(resolve))
  await new Promise((resolve) => setImmediate(resolve))
  // The first pass is running (waiting on the gate); one more may wait, the third is refused.
  const second = cache.rows(pilot, { asOf: '2026-11-01' })
  await new Promise((resolve) => setImmediate(resolve))
  const third = await cache.rows(pilot, { asOf: '2026-10-01' })
  t.same(third, { _tag: 'Busy' })
  release()
  t.equal((await first)._tag, 'Rows')
  t.equal((await second)._tag, 'Rows')
  t.equal((await cache.rows(pilot, { asOf: '2026-10-01' }))._tag, 'Rows', 'and served once the queue has room')
})

t.test('the journal knows the children of its own runs only, and forgets the oldest', async (t) => {
  const journal = ingestJournal(2)
  journal.record('5', ['C1', 'C2'])
  journal.record('6', ['C2', 'C3'])
  t.same([...(journal.childrenOf(['5', '6']) ?? [])].sort(), ['C1', 'C2', 'C3'])
  t.equal(journal.childrenOf(['5', '7']), undefined, 'a run it does not know')
  journal.record('7', [])
  t.equal(journal.childrenOf(['5']), undefined, 'the oldest run is forgotten')
  t.same([...(journal.childrenOf(['7']) ?? [])], [])
})
