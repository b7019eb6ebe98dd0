import t from 'tap'
import { decoded, EXAMPLES, errorsOf, pathsOf, withdrawalOf, withFields, without } from './examples'

const episode = EXAMPLES.missing_episode
const interview = { offeredAt: null, completedAt: null, declinedAt: null }

t.test('a valid missing episode decodes, with or without a return interview, open or closed', async (t) => {
  t.strictSame(decoded(episode), episode)
  t.strictSame(decoded(without(episode, 'returnInterview')), without(episode, 'returnInterview'))
  t.strictSame(decoded(withFields(episode, { end: null })), withFields(episode, { end: null }))
  t.strictSame(decoded(withFields(episode, { returnInterview: interview })), withFields(episode, { returnInterview: interview }))
})

t.test('date-times keep the offset they were sent with', async (t) => {
  const offset = withFields(episode, { start: '2024-02-20T23:00:00+01:00', recordedAt: '2024-03-01T10:00:00.250-05:30' })
  t.strictSame(decoded(offset), offset)
})

t.test('date-times must be RFC 3339 with seconds and a zone', async (t) => {
  for (const bad of ['2024-02-20T22:00Z', '2024-02-20 22:00:00Z', '2024-02-20T22:00:00', '2024-02-20', '2024-02-30T22:00:00Z', '2024-02-20T24:00:00Z', '2024-02-20t22:00:00z']) {
    t.strictSame(pathsOf(withFields(episode, { start: bad, end: null })), ['start'], bad)
  }
})

t.test('end must not be before start (as instants, whatever the offsets)', async (t) => {
  // 23:30+01:00 is 22:30Z: after a 22:00Z start.
  t.strictSame(pathsOf(withFields(episode, { end: '2024-02-20T23:30:00+01:00' })), [])
  // 22:30+01:00 is 21:30Z: before it.
  const errors = errorsOf(withFields(episode, { end: '2024-02-20T22:30:00+01:00' }))
  t.strictSame(
    errors.map((e) => e.path),
    ['end'],
  )
  t.equal(errors[0]?.expected, 'a date-time not before start, or null')
})

t.test('no time may be later than recordedAt', async (t) => {
  t.strictSame(pathsOf(withFields(episode, { start: '2024-03-01T10:00:01Z', end: null })), ['start'])
  t.strictSame(pathsOf(withFields(episode, { end: '2024-03-01T10:00:01Z' })), ['end'])
  t.strictSame(pathsOf(withFields(episode, { end: '2024-03-01T10:00:00Z' })), [])
  t.strictSame(
    pathsOf(withFields(episode, { returnInterview: { ...interview, completedAt: '2024-03-02T09:00:00Z', declinedAt: '2024-03-03T09:00:00Z' } })),
    ['returnInterview.completedAt', 'returnInterview.declinedAt'],
  )
})

t.test('a return interview has exactly its three keys', async (t) => {
  t.strictSame(pathsOf(withFields(episode, { returnInterview: { offeredAt: null, completedAt: null } })), [
    'returnInterview.declinedAt',
  ])
  t.strictSame(pathsOf(withFields(episode, { returnInterview: { ...interview, heldBy: 'x' } })), ['returnInterview.heldBy'])
  t.strictSame(pathsOf(withFields(episode, { returnInterview: { ...interview, offeredAt: '2024-02-22' } })), [
    'returnInterview.offeredAt',
  ])
  t.strictSame(pathsOf(withFields(episode, { returnInterview: null })), ['returnInterview'])
})

t.test('category is missing or away', async (t) => {
  t.strictSame(pathsOf(withFields(episode, { category: 'away' })), [])
  t.strictSame(pathsOf(withFields(episode, { category: 'absent' })), ['category'])
})

t.test('all errors are collected', async (t) => {
  t.strictSame(pathsOf(withFields(episode, { category: 'M', end: 'soon', returnInterview: { offeredAt: 1 } })), [
    'end',
    'category',
    'returnInterview.offeredAt',
    'returnInterview.completedAt',
    'returnInterview.declinedAt',
  ])
})

t.test('a withdrawal may carry a start alone; its checks still apply', async (t) => {
  t.strictSame(pathsOf(withdrawalOf(episode, { start: '2024-02-20T22:00:00Z' })), [])
  t.strictSame(pathsOf(withdrawalOf(episode, { start: '2024-03-20T22:00:00Z' })), ['start'])
})
