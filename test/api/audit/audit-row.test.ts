/** Audit entries survive the trip through an `audit_event` row. */
import t from 'tap'
import { auditEntryOfRow, auditRowOf } from '../../../api/audit/audit-row'
import type { AuditEntry } from '../../../api/audit/audit-entry'

const base: AuditEntry = {
  occurredAt: '2026-11-24T10:00:00.000Z',
  sub: 'officer-1',
  iss: 'early-warning',
  role: 'mash',
  method: 'GET',
  route: '/cohorts/:name',
  childIds: ['C1', 'C2'],
  cohort: 'missing-pilot',
  outcome: 'ok',
  purpose: 'triage',
  requestId: 'r-1',
}

const roundTrip = (entry: AuditEntry): AuditEntry => {
  const { id: _id, ...back } = auditEntryOfRow({ ...auditRowOf(entry, 'early-warning'), id: '7', at: entry.occurredAt }, 'early-warning')
  return back
}

t.test('entries round-trip, issuer, cohort and the unauthenticated included', async (t) => {
  t.same(roundTrip(base), base)
  t.same(roundTrip({ ...base, iss: 'partner-idp' }), { ...base, iss: 'partner-idp' })
  const anonymous: AuditEntry = { ...base, sub: null, iss: null, role: null, outcome: 'unauthenticated', childIds: [], cohort: null }
  t.same(roundTrip(anonymous), anonymous)
  t.equal(auditRowOf(base, 'early-warning').route, 'GET /cohorts/:name cohort=missing-pilot')
})

t.test('a cohort name that is not one is not written into the route column', async (t) => {
  t.equal(auditRowOf({ ...base, cohort: 'x y=z' }, 'early-warning').route, 'GET /cohorts/:name')
})
