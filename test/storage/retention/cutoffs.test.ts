import fc from 'fast-check'
import t from 'tap'
import { DEFAULT_RETENTION, type Period } from '../../../config/retention'
import { addDays, ageOn, isoDateOfDay, dayNumber } from '../../../engine/time/calendar'
import { cutoffOf, retentionCutoffs, startOfLondonDay } from '../../../storage/retention/cutoffs'

const period = (years: number, months: number, days: number): Period => ({ _tag: 'Period', years, months, days, text: '' })

t.test('a cutoff is the day minus the period, in calendar months', async (t) => {
  t.equal(cutoffOf('2026-11-24', period(2, 0, 0)), '2024-11-24')
  t.equal(cutoffOf('2026-08-31', period(0, 6, 0)), '2026-02-28', 'a day missing from the month becomes its last day')
  t.equal(cutoffOf('2028-02-29', period(1, 0, 0)), '2027-02-28')
  t.equal(cutoffOf('2026-03-01', period(0, 0, 90)), '2025-12-01')
  t.equal(cutoffOf('2026-11-24', period(1, 6, 10)), '2025-05-14')
})

t.test('the defaults as of 2026-11-24', async (t) => {
  const c = retentionCutoffs(DEFAULT_RETENTION, '2026-11-24')
  t.same(c.kinds, {
    care_period: '2024-11-24',
    missing_episode: '2024-11-24',
    attendance: '2024-11-24',
    exclusion: '2024-11-24',
    education_status: '2024-11-24',
    domestic_abuse_contact: '2024-11-24',
    drug_intelligence: '2025-11-24',
  }, 'with-child kinds have no cutoff of their own')
  t.equal(c.child, '2024-11-24')
  t.equal(c.childBornOnOrBefore, '2006-11-23', '18 on 2024-11-23, the day before the cutoff')
  t.equal(c.unmatched, '2025-11-24')
  t.equal(c.audit, '2020-11-24')
})

t.test('a child is past retention exactly when their 18th birthday (as the engine counts ages) is before the cutoff', async (t) => {
  const day = (min: string, max: string) => fc.integer({ min: dayNumber(min), max: dayNumber(max) }).map(isoDateOfDay)
  fc.assert(
    fc.property(day('2000-01-01', '2012-12-31'), day('2018-01-01', '2030-12-31'), fc.integer({ min: 0, max: 40 }), (dob, asOf, months) => {
      const c = retentionCutoffs({ ...DEFAULT_RETENTION, child: period(0, months, 0) }, asOf)
      const eighteenBeforeCutoff = ageOn(dob, addDays(c.child, -1)) >= 18
      return (dob <= c.childBornOnOrBefore) === eighteenBeforeCutoff
    }),
    { numRuns: 2000 },
  )
  // 29 February: 18 on 1 March in a common year.
  const c = retentionCutoffs(DEFAULT_RETENTION, '2028-03-01')
  t.equal(c.child, '2026-03-01')
  t.ok('2008-02-29' > c.childBornOnOrBefore, 'born 29 Feb 2008: 18 on 1 Mar 2026, not before the cutoff')
  t.ok('2008-02-28' <= c.childBornOnOrBefore)
})

t.test('a date-time is before a London day exactly when it is before the instant that day starts', async (t) => {
  t.equal(startOfLondonDay('2024-11-24'), '2024-11-24T00:00:00.000Z', 'GMT in winter')
  t.equal(startOfLondonDay('2024-07-01'), '2024-06-30T23:00:00.000Z', 'BST in summer')
})
