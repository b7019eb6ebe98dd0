import t from 'tap'
import { explainResult } from '../../../engine/evaluate'
import { evaluateCondition, factor, missing, rule, suspension } from './build'

const D = '2026-11-24'
const recent = { count: { kind: 'missing_episode', window: { days: 30 }, atLeast: 1 } } as const
const repeat = { count: { kind: 'missing_episode', window: { days: 90 }, atLeast: 3 } } as const
const explain = (...args: Parameters<typeof evaluateCondition>): string => explainResult(evaluateCondition(...args))

t.test('a count without a label names the kind, in the singular for one', async (t) => {
  const facts = [missing('ME-1', '2026-11-10T10:00:00Z', null)]
  t.equal(explain(recent, facts, D), '1 missing episode in the 30 days to 2026-11-24 (threshold 1)')
  t.equal(explain(repeat, [], D), '0 missing episodes in the 90 days to 2026-11-24 (threshold 3)')
  t.equal(
    explain({ count: { kind: 'exclusion', where: { type: ['suspension'] }, window: 'academicYear', atLeast: 2 } }, [], D),
    '0 exclusions with type suspension in the academic year from 2026-09-01 to 2026-11-24 (threshold 2)',
  )
})

t.test('windows in words', async (t) => {
  const w = (window: unknown) => explain({ count: { kind: 'missing_episode', window, atLeast: 1 } } as never, [], D)
  t.match(w({ days: 42 }), /in the 6 weeks to 2026-11-24/)
  t.match(w({ days: 1 }), /on 2026-11-24/)
  t.match(w({ months: 1 }), /in the month to 2026-11-24/)
  t.match(w({ months: 6 }), /in the 6 months to 2026-11-24/)
  t.match(w('onOrBefore'), /on or before 2026-11-24/)
})

t.test('composites mirror the tree: and, or, not, brackets for nesting', async (t) => {
  const facts = [missing('ME-1', '2026-11-10T10:00:00Z', null)]
  t.equal(
    explain({ all: [recent, { any: [repeat, { not: recent }] }] }, facts, D),
    '1 missing episode in the 30 days to 2026-11-24 (threshold 1) and ' +
      '(1 missing episode in the 90 days to 2026-11-24 (threshold 3) or not (1 missing episode in the 30 days to 2026-11-24 (threshold 1)))',
  )
})

t.test("a rule reference gives the rule's title and its own explanation", async (t) => {
  t.equal(
    explain({ rule: 'R' }, [], D, [rule('R', recent, { title: 'Recent missing' })]),
    'Recent missing (0 missing episodes in the 30 days to 2026-11-24 (threshold 1))',
  )
})

t.test('sum, distinct and age carry their numbers', async (t) => {
  t.equal(
    explain({ sum: { kind: 'exclusion', field: 'sessions', window: 'academicYear', atLeast: 10 } }, [suspension('EX-1', '2026-10-01', 4)], D),
    '4 sessions over exclusions in the academic year from 2026-09-01 to 2026-11-24 (threshold 10)',
  )
  t.equal(
    explain({ distinct: { of: [{ kind: 'assessment_factor', field: 'code' }], window: 'onOrBefore', atLeast: 2 } }, [factor('AF-1', '24A', '2026-01-01')], D),
    '1 distinct value on or before 2026-11-24 (threshold 2): 24A',
  )
  t.equal(explain({ age: { atLeast: 10, below: 18 } }, [], D), 'aged 15 on 2026-11-24 (at least 10 and below 18)')
})
