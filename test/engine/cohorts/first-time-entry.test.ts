import t from 'tap'
import {
  DEFAULT_FIRST_TIME_ENTRANT as FTE,
  firstFormalOutcome,
  isEntrantIn,
} from '../../../engine/cohorts/first-time-entry'
import { childRecord, outcome, withFacts } from './build-children'

// Born 2012-03-04: 10 on 2022-03-04, 18 on 2030-03-04.
const dob = '2012-03-04'

t.test('community resolutions and no further action are not formal outcomes', async (t) => {
  const c = withFacts(childRecord('C1', { dateOfBirth: dob }), [
    outcome('C1', '2025-01-10', 'community_resolution'),
    outcome('C1', '2025-02-10', 'no_further_action'),
    outcome('C1', '2025-06-10', 'youth_caution'),
  ])
  const entry = firstFormalOutcome(c, '2026-01-01', FTE)
  t.match(entry, { date: '2025-06-10', outcome: 'youth_caution', ageAtEntry: 13 })
})

t.test('outcomes after D do not count', async (t) => {
  const c = withFacts(childRecord('C1', { dateOfBirth: dob }), [outcome('C1', '2025-06-10', 'referral_order')])
  t.equal(firstFormalOutcome(c, '2025-06-09', FTE), undefined, 'the day before, no entry yet')
  t.equal(firstFormalOutcome(c, '2025-06-10', FTE)?.date, '2025-06-10', 'counted on its own date')
})

t.test('same-day formal outcomes: the one listed first in SPEC §2 wins, whatever the fact order', async (t) => {
  const facts = [
    outcome('C1', '2025-06-10', 'custodial_sentence'),
    outcome('C1', '2025-06-10', 'youth_conditional_caution'),
    outcome('C1', '2025-06-10', 'referral_order'),
  ]
  for (const order of [facts, [...facts].reverse()]) {
    t.equal(firstFormalOutcome(withFacts(childRecord('C1'), order), '2026-01-01', FTE)?.outcome, 'youth_conditional_caution')
  }
})

t.test('the entrant must be aged 10 to 17 on the date of the first formal outcome', async (t) => {
  const entrant = (date: string, from = '2020-01-01', to = '2031-01-01'): boolean => {
    const c = withFacts(childRecord('C1', { dateOfBirth: dob }), [outcome('C1', date, 'youth_caution')])
    return isEntrantIn(firstFormalOutcome(c, '2031-01-01', FTE), from, to, FTE)
  }
  t.notOk(entrant('2022-03-03'), 'aged 9 the day before the tenth birthday')
  t.ok(entrant('2022-03-04'), 'aged 10 on the birthday')
  t.ok(entrant('2030-03-03'), 'still 17 the day before the eighteenth birthday')
  t.notOk(entrant('2030-03-04'), 'aged 18')
  t.ok(entrant('2025-01-01', '2025-01-01', '2025-01-01'), 'from and to are inclusive')
  t.notOk(entrant('2025-01-02', '2025-01-01', '2025-01-01'), 'a day outside the range')
})

t.test('a later outcome is never "first": an earlier formal outcome outside the range or ages rules it out', async (t) => {
  const c = withFacts(childRecord('C1', { dateOfBirth: dob }), [
    outcome('C1', '2023-05-01', 'youth_caution'),
    outcome('C1', '2025-05-01', 'referral_order'),
  ])
  t.notOk(isEntrantIn(firstFormalOutcome(c, '2026-01-01', FTE), '2025-01-01', '2025-12-31', FTE))
  const recordedAtNine = withFacts(childRecord('C2', { dateOfBirth: dob }), [
    outcome('C2', '2021-05-01', 'youth_caution'),
    outcome('C2', '2025-05-01', 'referral_order'),
  ])
  t.notOk(isEntrantIn(firstFormalOutcome(recordedAtNine, '2026-01-01', FTE), '2025-01-01', '2025-12-31', FTE))
})
