import t from 'tap'
import * as E from 'fp-ts/Either'
import { Condition } from '../../../engine/rule-set/condition'
import { problemsOfErrors } from '../../../engine/rule-set/rule-set-problem'

const problems = (u: unknown): readonly { path: string; expected: string }[] => {
  const r = Condition.decode(u)
  return E.isLeft(r) ? problemsOfErrors('f.json', r.left, 'condition').map(({ path, expected }) => ({ path, expected })) : []
}

t.test('every primitive of the language decodes', async (t) => {
  const all = {
    all: [
      { count: { kind: 'missing_episode', where: { category: ['away'] }, window: { days: 90 }, atLeast: 3, label: 'episodes' } },
      { sum: { kind: 'exclusion', field: 'sessions', window: 'academicYear', atLeast: 10, label: { one: 'session', other: 'sessions' } } },
      { absenceRate: { window: { days: 42 }, atLeastPercent: 50, minPossibleSessions: 20 } },
      { distinct: { of: [{ kind: 'assessment_factor', field: 'code', mapping: 'aceByFactor' }], window: 'onOrBefore', atLeast: 4 } },
      { any: [{ open: { kind: 'care_period' } }, { age: { atLeast: 10, below: 18 } }] },
      { not: { rule: 'MISSING_REPEAT' } },
      { returnInterviewOverdue: { window: { months: 1 }, hoursAfterEnd: 72 } },
    ],
  }
  const r = Condition.decode(all)
  t.ok(E.isRight(r))
  t.same(E.isRight(r) ? r.right : undefined, all, 'decoded as written')
  t.ok(Condition.is(all))
})

t.test('an unknown field is an error at its path', async (t) => {
  t.same(problems({ count: { kind: 'missing_episode', window: { days: 90 }, atLeast: 3, atleast: 3 } }), [
    { path: 'condition.count.atleast', expected: 'no such field (known fields: kind, window, atLeast, where, label)' },
  ])
})

t.test('a bad window names the window', async (t) => {
  for (const window of [{ weeks: 6 }, { days: 0 }, { days: 1.5 }, { days: 7, months: 1 }, 'lastYear', 42]) {
    t.same(
      problems({ count: { kind: 'missing_episode', window, atLeast: 1 } }).map((p) => p.path),
      ['condition.count.window'],
      JSON.stringify(window),
    )
  }
})

t.test('a node must have exactly one known key', async (t) => {
  t.match(problems({ count: {}, sum: {} })[0], { path: 'condition', expected: /exactly one of count, sum/ })
  t.match(problems({ cnt: 1 })[0], { path: 'condition.cnt', expected: /found "cnt"/ })
  t.match(problems([])[0], { path: 'condition', expected: /a condition/ })
  t.match(problems({ all: [] })[0], { path: 'condition.all', expected: 'a non-empty array of conditions' })
})

t.test('errors deep in the tree are all reported, each at its own path', async (t) => {
  t.same(
    problems({ any: [{ not: { age: { below: -1 } } }, { rule: 'lower_case' }, { open: { kind: 'attendance' } }] }).map((p) => p.path),
    ['condition.any.0.not.age.below', 'condition.any.1.rule', 'condition.any.2.open.kind'],
  )
})

t.test('thresholds are whole numbers in range', async (t) => {
  t.same(problems({ absenceRate: { window: { days: 42 }, atLeastPercent: 101, minPossibleSessions: 0 } }).map((p) => p.path), [
    'condition.absenceRate.atLeastPercent',
    'condition.absenceRate.minPossibleSessions',
  ])
  t.same(problems({ count: { kind: 'child', window: 'onOrBefore', atLeast: 0 } }).map((p) => p.path), [
    'condition.count.kind',
    'condition.count.atLeast',
  ])
})
