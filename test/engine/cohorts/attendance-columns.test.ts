import t from 'tap'
import {
  attendanceRate,
  previousAttendanceRate,
  suspensionsThisYear,
} from '../../../engine/cohorts/attendance-columns'
import { attendance, childRecord, permanentExclusion, suspension, withFacts } from './build-children'

t.test('attendance rate over the 6 weeks to D, windowed by periodEnd', async (t) => {
  const d = '2026-06-30'
  const c = withFacts(childRecord('C1'), [
    attendance('C1', '2026-06-22', '2026-06-26', 10, 9), // in the 6 weeks
    attendance('C1', '2026-05-18', '2026-05-22', 10, 6), // periodEnd 2026-05-22: 39 days before D, in
    attendance('C1', '2026-05-13', '2026-05-19', 10, 2), // periodEnd 2026-05-19 = D − 42: out, in the previous 6 weeks
    attendance('C1', '2026-04-01', '2026-04-07', 10, 10), // periodEnd D − 84: out of both
    attendance('C1', '2026-07-01', '2026-07-03', 6, 0), // after D
  ])
  t.equal(attendanceRate(c, d), 75, '15 of 20 sessions')
  t.equal(previousAttendanceRate(c, d), 20, '2 of 10 sessions in days 43–84 before D')
})

t.test('rates are rounded to one decimal place', async (t) => {
  const c = withFacts(childRecord('C1'), [attendance('C1', '2026-06-01', '2026-06-03', 6, 5)])
  t.equal(attendanceRate(c, '2026-06-03'), 83.3)
})

t.test('no attendance data is null, not 0 and not 100', async (t) => {
  const none = withFacts(childRecord('C1'), [])
  t.equal(attendanceRate(none, '2026-06-30'), null)
  t.equal(previousAttendanceRate(none, '2026-06-30'), null)
  const zeroPossible = withFacts(childRecord('C2'), [attendance('C2', '2026-06-01', '2026-06-03', 0, 0)])
  t.equal(attendanceRate(zeroPossible, '2026-06-03'), null, 'a summary with no possible sessions is no data')
})

t.test('suspensions in the academic year of D', async (t) => {
  const c = withFacts(childRecord('C1'), [
    suspension('C1', '2025-08-31'), // previous academic year
    suspension('C1', '2025-09-01'),
    suspension('C1', '2026-02-10'),
    permanentExclusion('C1', '2026-03-01'),
    suspension('C1', '2026-07-01'), // after D
  ])
  t.equal(suspensionsThisYear(c, '2026-06-30'), 2, 'from 1 September to D, suspensions only')
  t.equal(suspensionsThisYear(c, '2026-09-01'), 0, 'a new academic year starts from nothing')
})
