import t from 'tap'
import { evidenceOf } from '../../../engine/evaluate'
import { attendance, evaluateCondition, intelligence, missing, rule } from './build'

const D = '2026-11-24'
const recent = { count: { kind: 'missing_episode', window: { days: 30 }, atLeast: 1 } } as const
const repeat = { count: { kind: 'missing_episode', window: { days: 90 }, atLeast: 3 } } as const
const intel = { count: { kind: 'drug_intelligence', window: { months: 6 }, atLeast: 1 } } as const

t.test('intelligence evidence keeps its grading (when present) and handling code', async (t) => {
  const r = evaluateCondition(intel, [intelligence('DI-2', '2026-10-01', { handlingCode: 'C', grading: 'U/C' }), intelligence('DI-1', '2026-10-01', { grading: undefined })], D)
  t.same(evidenceOf(r), [
    { kind: 'drug_intelligence', source: 'police', sourceId: 'DI-1', date: '2026-10-01', handlingCode: 'P' },
    { kind: 'drug_intelligence', source: 'police', sourceId: 'DI-2', date: '2026-10-01', grading: 'U/C', handlingCode: 'C' },
  ])
  t.notOk('grading' in (evidenceOf(r)[0] ?? {}), 'no grading key when there is none')
})

t.test('a false node has no evidence; any takes only its true parts', async (t) => {
  const facts = [missing('ME-1', '2026-11-10T10:00:00Z', null), attendance('ATT-1', '2026-11-20', 40, 40)]
  t.same(evidenceOf(evaluateCondition(repeat, facts, D)), [])
  t.same(
    evidenceOf(evaluateCondition({ any: [recent, repeat, { absenceRate: { window: { days: 42 }, atLeastPercent: 10, minPossibleSessions: 20 } }] }, facts, D)).map(
      (e) => ('sourceId' in e ? e.sourceId : ''),
    ),
    ['ME-1'],
  )
})

t.test('not contributes no evidence to a true composite', async (t) => {
  const r = evaluateCondition({ all: [recent, { not: repeat }] }, [missing('ME-1', '2026-11-10T10:00:00Z', null)], D)
  t.equal(r.value, true)
  t.same(evidenceOf(r).map((e) => ('sourceId' in e ? e.sourceId : '')), ['ME-1'])
})

t.test('the union of parts is deduplicated and ordered by date, kind, source, sourceId', async (t) => {
  const facts = [
    intelligence('DI-1', '2026-11-10'),
    missing('ME-2', '2026-11-10T10:00:00Z', null),
    { ...missing('ME-1', '2026-11-10T11:00:00Z', null), source: 'social_care' },
    missing('ME-0', '2026-11-01T10:00:00Z', null),
  ]
  const r = evaluateCondition({ all: [recent, { rule: 'R' }, intel] }, facts, D, [rule('R', recent)])
  t.same(
    evidenceOf(r).map((e) => ('sourceId' in e ? `${e.date} ${e.kind} ${e.source} ${e.sourceId}` : '')),
    [
      '2026-11-01 missing_episode police ME-0',
      '2026-11-10 drug_intelligence police DI-1',
      '2026-11-10 missing_episode police ME-2',
      '2026-11-10 missing_episode social_care ME-1',
    ],
    'each fact once though two parts read it',
  )
})
