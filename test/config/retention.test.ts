import * as E from 'fp-ts/Either'
import t from 'tap'
import { formatConfigProblem } from '../../config/config'
import { DEFAULT_RETENTION, describePolicy, EVENT_KINDS, FactRetention, readRetentionPolicy, RetentionPeriod } from '../../config/retention'

t.test('with nothing set, the defaults', async (t) => {
  t.same(readRetentionPolicy({}), E.right(DEFAULT_RETENTION))
  t.same(describePolicy(DEFAULT_RETENTION), {
    care_period: 'P2Y',
    missing_episode: 'P2Y',
    attendance: 'P2Y',
    exclusion: 'P2Y',
    education_status: 'P2Y',
    ace_indicator: 'with-child',
    assessment_factor: 'with-child',
    domestic_abuse_contact: 'P2Y',
    drug_intelligence: 'P1Y',
    youth_justice_outcome: 'with-child',
    child: 'P2Y',
    unmatched: 'P1Y',
    flag_history: 'P2Y',
    audit: 'P6Y',
  })
  t.same(EVENT_KINDS.length, 10, 'every fact kind but child records')
})

t.test('each period is set by its own variable', async (t) => {
  const policy = readRetentionPolicy({
    EW_RETENTION_MISSING_EPISODE: 'P3Y',
    EW_RETENTION_ATTENDANCE: 'P18M',
    EW_RETENTION_DRUG_INTELLIGENCE: 'P1Y6M10D',
    EW_RETENTION_YOUTH_JUSTICE_OUTCOME: 'P10Y',
    EW_RETENTION_CARE_PERIOD: 'with-child',
    EW_RETENTION_CHILD: 'P90D',
    EW_RETENTION_AUDIT: 'P7Y',
    EW_RETENTION_UNMATCHED: '',
  })
  if (E.isLeft(policy)) return t.fail('should be accepted')
  const p = policy.right
  t.match(p.kinds.missing_episode, { _tag: 'Period', years: 3, months: 0, days: 0 })
  t.match(p.kinds.attendance, { _tag: 'Period', years: 0, months: 18, days: 0 })
  t.match(p.kinds.drug_intelligence, { _tag: 'Period', years: 1, months: 6, days: 10, text: 'P1Y6M10D' })
  t.match(p.kinds.youth_justice_outcome, { _tag: 'Period', years: 10 })
  t.same(p.kinds.care_period, { _tag: 'WithChild' })
  t.match(p.child, { days: 90 })
  t.match(p.audit, { years: 7 })
  t.same(p.unmatched, DEFAULT_RETENTION.unmatched, 'an empty variable counts as unset')
  t.same(p.kinds.exclusion, DEFAULT_RETENTION.kinds.exclusion, 'unset: the default')
})

t.test('every bad value is named, and no value is echoed', async (t) => {
  const bad = {
    EW_RETENTION_MISSING_EPISODE: '2 years',
    EW_RETENTION_ATTENDANCE: 'P0D',
    EW_RETENTION_EXCLUSION: 'P',
    EW_RETENTION_CHILD: 'with-child',
    EW_RETENTION_AUDIT: 'PT6H',
    EW_RETENTION_FLAG_HISTORY: '-P1Y',
  }
  const result = readRetentionPolicy(bad)
  if (E.isRight(result)) return t.fail('should be refused')
  t.same(result.left.map((p) => p.variable).sort(), Object.keys(bad).sort())
  const text = result.left.map(formatConfigProblem).join('\n')
  // ('P' and 'with-child' are words of the message itself.)
  for (const value of ['2 years', 'P0D', 'PT6H', '-P1Y']) t.notOk(text.includes(value), `${value} is not echoed`)
  t.match(text, /EW_RETENTION_MISSING_EPISODE must be an ISO 8601 duration .*, or with-child/)
  t.match(text, /EW_RETENTION_CHILD must be an ISO 8601 duration/)
})

t.test('codecs round-trip what they accept', async (t) => {
  for (const text of ['P2Y', 'P18M', 'P90D', 'P1Y6M', 'P1Y2M3D']) {
    const decoded = RetentionPeriod.decode(text)
    t.ok(E.isRight(decoded) && RetentionPeriod.encode(decoded.right) === text, text)
  }
  const withChild = FactRetention.decode('with-child')
  t.ok(E.isRight(withChild) && FactRetention.encode(withChild.right) === 'with-child')
  t.ok(E.isLeft(RetentionPeriod.decode(2)), 'not a string')
})
