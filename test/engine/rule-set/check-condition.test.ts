import t from 'tap'
import { checkCondition } from '../../../engine/rule-set/check-condition'

t.test('a well-formed condition has no problems', async (t) => {
  t.same(
    checkCondition({
      all: [
        { count: { kind: 'exclusion', where: { type: ['suspension'], reason: ['DA', 'OW'], source: ['education'] }, window: 'academicYear', atLeast: 2 } },
        { sum: { kind: 'exclusion', field: 'sessions', window: 'academicYear', atLeast: 10 } },
        { distinct: { of: [{ kind: 'assessment_factor', field: 'code', mapping: 'aceByFactor' }], window: 'onOrBefore', atLeast: 4 } },
        { open: { kind: 'education_status', where: { status: ['reduced_timetable'] } } },
        { age: { atLeast: 10, below: 18 } },
      ],
    }),
    [],
  )
})

t.test('where must name a field of the kind, with values it can carry', async (t) => {
  t.same(
    checkCondition({
      count: { kind: 'exclusion', where: { typ: ['suspension'], type: ['suspention'], start: ['2026-01-01'], constructor: ['x'] }, window: 'onOrBefore', atLeast: 1 },
    }).map((p) => p.path),
    ['count.where.typ', 'count.where.type.0', 'count.where.start', 'count.where.constructor'],
  )
  t.match(
    checkCondition({ count: { kind: 'assessment_factor', where: { code: ['8A'] }, window: 'onOrBefore', atLeast: 1 } })[0],
    { path: 'count.where.code.0', expected: /one of 1A/ },
    'assessment factor codes are those of DOMAIN.md §6',
  )
})

t.test('sum needs a count field; distinct a code or text field; the ACE mapping only applies to factor codes', async (t) => {
  t.same(checkCondition({ sum: { kind: 'exclusion', field: 'reason', window: 'onOrBefore', atLeast: 1 } }).map((p) => p.path), ['sum.field'])
  t.same(
    checkCondition({
      distinct: {
        of: [
          { kind: 'attendance', field: 'possibleSessions' },
          { kind: 'ace_indicator', field: 'category', mapping: 'aceByFactor' },
        ],
        window: 'onOrBefore',
        atLeast: 1,
      },
    }).map((p) => p.path),
    ['distinct.of.0.field', 'distinct.of.1.mapping'],
  )
})

t.test('an age condition needs a bound, and the bounds must make sense', async (t) => {
  t.same(checkCondition({ age: {} }).map((p) => p.path), ['age'])
  t.same(checkCondition({ not: { age: { atLeast: 18, below: 18 } } }).map((p) => p.path), ['not.age.below'])
})
