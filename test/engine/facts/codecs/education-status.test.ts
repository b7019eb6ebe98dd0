import t from 'tap'
import { decoded, EXAMPLES, pathsOf, withFields, without } from './examples'

const status = EXAMPLES.education_status

t.test('a valid education status decodes; its planned end may lie ahead', async (t) => {
  t.strictSame(decoded(status), status)
  t.strictSame(decoded(withFields(status, { end: null })), withFields(status, { end: null }))
})

t.test('every status of SPEC §2 is accepted, nothing else', async (t) => {
  for (const s of ['reduced_timetable', 'elective_home_education', 'missing_education', 'alternative_provision']) {
    t.strictSame(pathsOf(withFields(status, { status: s })), [], s)
  }
  t.strictSame(pathsOf(withFields(status, { status: 'home_education' })), ['status'])
})

t.test('end before start, a future start and a missing end are errors', async (t) => {
  t.strictSame(pathsOf(withFields(status, { end: '2024-01-07' })), ['end'])
  t.strictSame(pathsOf(withFields(status, { start: '2024-03-04', end: null })), ['start'])
  t.strictSame(pathsOf(without(status, 'end')), ['end'])
})

t.test('all errors are collected', async (t) => {
  t.strictSame(pathsOf(withFields(status, { status: 'x', start: '2024-13-01', end: 5 })), ['status', 'start', 'end'])
})
