import t from 'tap'
import { decoded, EXAMPLES, errorsOf, pathsOf, withdrawalOf, withFields, without } from './examples'

const suspension = EXAMPLES.exclusion
const permanent = without(withFields(suspension, { type: 'permanent', reason: 'OW' }), 'sessions')

t.test('a suspension with sessions and a permanent exclusion without them decode', async (t) => {
  t.strictSame(decoded(suspension), suspension)
  t.strictSame(decoded(permanent), permanent)
})

t.test('a suspension needs at least one session', async (t) => {
  t.strictSame(pathsOf(without(suspension, 'sessions')), ['sessions'])
  t.match(errorsOf(without(suspension, 'sessions'))[0]?.expected, /the field is required/)
  t.strictSame(pathsOf(withFields(suspension, { sessions: 0 })), ['sessions'])
  t.strictSame(pathsOf(withFields(suspension, { sessions: -2 })), ['sessions'])
})

t.test('a permanent exclusion must not have sessions', async (t) => {
  const errors = errorsOf(withFields(permanent, { sessions: 2 }))
  t.strictSame(
    errors.map((e) => e.path),
    ['sessions'],
  )
  t.match(errors[0]?.expected, /no sessions for a permanent exclusion/)
})

t.test('reason must be a DfE reason code', async (t) => {
  for (const r of ['PP', 'PA', 'VP', 'VA', 'OW', 'BU', 'RA', 'LG', 'DS', 'SM', 'DA', 'DB', 'DM', 'MT', 'PH', 'OT']) {
    t.strictSame(pathsOf(withFields(suspension, { reason: r })), [], r)
  }
  t.strictSame(pathsOf(withFields(suspension, { reason: 'XX' })), ['reason'])
  t.strictSame(pathsOf(withFields(suspension, { reason: 'db' })), ['reason'])
})

t.test('start is an event date and cannot be after recordedAt', async (t) => {
  t.strictSame(pathsOf(withFields(suspension, { start: '2024-03-02' })), ['start'])
})

t.test('all errors are collected', async (t) => {
  t.strictSame(pathsOf(withFields(suspension, { type: 'fixed', start: '2024-02-30', sessions: 0.5, reason: null })), [
    'type',
    'start',
    'sessions',
    'reason',
  ])
})

t.test('a withdrawal of a suspension need not repeat its sessions', async (t) => {
  t.strictSame(pathsOf(withdrawalOf(suspension, { type: 'suspension' })), [])
  t.strictSame(pathsOf(withdrawalOf(suspension, { type: 'permanent', sessions: 3 })), ['sessions'])
})
