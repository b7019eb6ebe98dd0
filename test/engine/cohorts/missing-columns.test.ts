import t from 'tap'
import {
  episodesIn90Days,
  instantSortKey,
  isEpisodeOpenOn,
  lastMissingStart,
  openEpisode,
} from '../../../engine/cohorts/missing-columns'
import { childRecord, episode, withFacts } from './build-children'

t.test('an episode is open on D when it started by the end of D and had not ended by then', async (t) => {
  // 2026-06-30 is in British Summer Time: the end of the day is 23:00Z.
  t.ok(isEpisodeOpenOn(episode('C1', '2026-06-30T22:30:00Z', null), '2026-06-30'), 'started 23:30 London, still open')
  t.notOk(isEpisodeOpenOn(episode('C1', '2026-06-30T23:30:00Z', null), '2026-06-30'), 'started after the end of D (London)')
  t.ok(
    isEpisodeOpenOn(episode('C1', '2026-06-29T10:00:00Z', '2026-06-30T23:30:00Z'), '2026-06-30'),
    'ended after the end of D',
  )
  t.notOk(
    isEpisodeOpenOn(episode('C1', '2026-06-29T10:00:00Z', '2026-06-30T23:00:00Z'), '2026-06-30'),
    'ended exactly at the end of D',
  )
})

t.test('missing columns read episodes as of the date given', async (t) => {
  const c = withFacts(childRecord('C1'), [
    episode('C1', '2026-03-01T10:00:00Z', '2026-03-02T10:00:00Z'),
    episode('C1', '2026-05-20T10:00:00+01:00', '2026-05-21T10:00:00+01:00'),
    episode('C1', '2026-06-10T10:00:00Z', null),
    episode('C1', '2026-08-01T10:00:00Z', null),
  ])
  t.equal(openEpisode(c, '2026-06-15'), true, 'an open episode on 15 June')
  t.equal(openEpisode(c, '2026-06-01'), false, 'none on 1 June')
  t.equal(lastMissingStart(c, '2026-06-15'), '2026-06-10T10:00:00Z', 'latest start by D, later starts ignored')
  t.equal(lastMissingStart(c, '2026-02-01'), null, 'no episode yet')
  // 90 days to 2026-06-15: 2026-03-18 … 2026-06-15.
  t.equal(episodesIn90Days(c, '2026-06-15'), 2, 'the March episode is outside the window')
  t.equal(episodesIn90Days(c, '2026-05-29'), 2, 'the window reaches back to 1 March (D − 90 < start)')
  t.equal(episodesIn90Days(c, '2026-05-30'), 1, 'and loses it the next day')
})

t.test('date-time cells sort by instant, not by their text', async (t) => {
  const a = instantSortKey('2026-05-01T00:30:00+01:00') ?? Number.NaN
  const b = instantSortKey('2026-04-30T23:45:00Z') ?? Number.NaN
  t.ok(a < b, '00:30 BST is 23:30Z, before 23:45Z although its text is greater')
  t.equal(instantSortKey(null), null)
})

t.test('an episode ending a fraction of a millisecond after the end of D was open on D, as MISSING_ONGOING says', async (t) => {
  t.ok(isEpisodeOpenOn(episode('C1', '2026-11-24T20:00:00Z', '2026-11-25T00:00:00.0001Z'), '2026-11-24'), '0.1 ms after London midnight (GMT)')
  t.notOk(isEpisodeOpenOn(episode('C1', '2026-11-24T20:00:00Z', '2026-11-25T00:00:00.0000Z'), '2026-11-24'), 'at midnight, written with digits')
  t.ok(isEpisodeOpenOn(episode('C1', '2026-06-30T20:00:00Z', '2026-06-30T23:00:00.0000001Z'), '2026-06-30'), 'under BST, midnight is 23:00Z')
})
